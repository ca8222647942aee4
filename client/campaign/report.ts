/** How `ringflow campaign` prints a contact check, a dry run and a status. */
import { renderTemplate } from '../../workflows/campaign/input';
import type { CampaignDefinition, CampaignStatus } from '../../workflows/campaign/types';
import type { ContactCheckReport } from './contact-check';

/** Problems listed in full up to this many; the counts by reason are always complete. */
const LISTED_PROBLEMS = 50;

export function checkReportLines(report: ContactCheckReport): string[] {
  const lines = [`${report.rows} rows read; ${report.callable} will be called.`];
  const reasons = Object.entries(report.problemCounts);
  if (reasons.length > 0) {
    lines.push(
      `${report.problems.length} rows will not be called: ${reasons.map(([r, n]) => `${n} ${r.replaceAll('_', ' ')}`).join(', ')}.`,
    );
    for (const p of report.problems.slice(0, LISTED_PROBLEMS))
      lines.push(`  row ${p.row}: ${p.reason.replaceAll('_', ' ')} — ${p.detail}`);
    if (report.problems.length > LISTED_PROBLEMS)
      lines.push(`  … and ${report.problems.length - LISTED_PROBLEMS} more (--json lists every one)`);
  }
  return lines;
}

/** What the first calls would say: the prompt and greeting with each previewed row's variables. */
export function previewLines(report: ContactCheckReport, d: CampaignDefinition): string[] {
  const lines: string[] = [];
  for (const c of report.preview) {
    lines.push(`\nRow ${c.row} (${c.phone}, ${c.timeZones.join(' / ')}):`);
    if (d.greeting) lines.push(`  greeting: ${renderTemplate(d.greeting, c.variables)}`);
    lines.push(
      `  prompt:   ${renderTemplate(d.prompt, c.variables).trim().replace(/\n/g, '\n            ')}`,
    );
    lines.push(
      `  voicemail: ${d.voicemailMessage ? renderTemplate(d.voicemailMessage, c.variables) : '(hang up, no message)'}`,
    );
    for (const [key, text] of Object.entries(d.followUps ?? {}))
      lines.push(`  SMS if ${key.replaceAll('_', ' ')}: ${renderTemplate(text, c.variables).trim()}`);
  }
  return lines;
}

export function dryRunJson(report: ContactCheckReport, d: CampaignDefinition) {
  return {
    campaignId: d.campaignId,
    rows: report.rows,
    callable: report.callable,
    problemCounts: report.problemCounts,
    problems: report.problems,
    firstCalls: report.preview.map((c) => ({
      row: c.row,
      timeZones: c.timeZones,
      greeting: d.greeting ? renderTemplate(d.greeting, c.variables) : null,
      prompt: renderTemplate(d.prompt, c.variables),
      voicemail: d.voicemailMessage ? renderTemplate(d.voicemailMessage, c.variables) : null,
      followUps: Object.fromEntries(
        Object.entries(d.followUps ?? {}).map(([key, text]) => [key, renderTemplate(text, c.variables)]),
      ),
    })),
  };
}

export function statusLines(s: CampaignStatus): string[] {
  const by = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([k, n]) => `${k.replaceAll('_', ' ')} ${n}`)
      .join(', ') || 'none yet';
  const eta = s.etaMs === null ? 'unknown' : `${Math.round(s.etaMs / 60_000)} min`;
  return [
    `Campaign ${s.campaignId}: ${s.state}. ${s.done}/${s.total} done, ${s.active} in progress, ${s.pending} waiting; ${s.attempts} calls made.`,
    `  results: ${by(s.byState)}`,
    `  answers: ${by(s.byAnswer)}`,
    ...(s.followUpsSent ? [`  follow-up texts sent: ${s.followUpsSent}`] : []),
    `  concurrency ${s.concurrency}; deadline ${new Date(s.deadlineMs).toISOString()}; ETA ${eta}`,
    ...(s.spend ? [spendLine(s.spend)] : []),
  ];
}

/** `spent 12.5 min ($1.63); budget 100 min / $20.00, left 87.5 min / $18.37; 2 calls reserved`. */
export function spendLine(spend: NonNullable<CampaignStatus['spend']>): string {
  const spent = `spent ${spend.billedMinutes} min ($${spend.usd.toFixed(2)})`;
  const b = spend.budget;
  if (!b) return `  ${spent}; no budget cap`;
  const cap = [b.minutes !== null ? `${b.minutes} min` : null, b.usd !== null ? `$${b.usd.toFixed(2)}` : null]
    .filter(Boolean)
    .join(' / ');
  const left = [
    b.minutesLeft !== null ? `${b.minutesLeft} min` : null,
    b.usdLeft !== null ? `$${b.usdLeft.toFixed(2)}` : null,
  ]
    .filter(Boolean)
    .join(' / ');
  return `  ${spent}; budget ${cap}, left ${left}; ${spend.reservedCalls} calls reserved`;
}
