/** The production API (the client's own `DEFAULT_BASE_URL`; a unit test keeps the two equal). */
export const AGENTPHONE_PRODUCTION_URL = 'https://api.agentphone.ai';
