/** Every tool ringflow's MCP server offers, in the order `tools/list` shows them. */
import type { RingflowTool } from '../tool';
import {
  campaignResultsTool,
  campaignStatusTool,
  cancelCampaignTool,
  pauseCampaignTool,
  resumeCampaignTool,
  startCampaignTool,
} from './campaign';
import { placeCallTool, sendSmsTool } from './messaging';
import { missedCallsStatusTool, suppressNumberTool } from './operator';
import { answerOfferTool, bookTableTool, cancelReservationTool, getReservationTool } from './reservation';
import { ringflowStatusTool } from './ringflow-status';

export const RINGFLOW_TOOLS: readonly RingflowTool[] = [
  bookTableTool,
  getReservationTool,
  answerOfferTool,
  cancelReservationTool,
  placeCallTool,
  sendSmsTool,
  startCampaignTool,
  campaignStatusTool,
  pauseCampaignTool,
  resumeCampaignTool,
  cancelCampaignTool,
  campaignResultsTool,
  missedCallsStatusTool,
  suppressNumberTool,
  ringflowStatusTool,
];
