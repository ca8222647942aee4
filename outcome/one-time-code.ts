/**
 * Reads whether an inbound SMS is a one-time code (a verification code a service texted so the owner
 * can sign in), and which code and service. It runs at the edge, where the ingress reads every inbound
 * SMS (design decision 11): the reading travels with the signal, so the inbox workflow only branches on
 * it and a better reader needs no workflow patch. Pure, no I/O.
 *
 * Two things must both hold: verification-code wording and a 4–8 digit code (`123456`, `123-456`,
 * `123 456`, `G-123456`). How sure the wording must be depends on the sender:
 * - a short code (5–6 digits) or an alphanumeric sender ("Google") is a service, and services send
 *   codes: the plain words "code", "PIN", "passcode", "verify", "confirm" are enough;
 * - any other sender (a long number) must use wording no person texting a friend uses by accident
 *   ("verification code", "one-time password", "OTP", "use 123456 to verify", "2FA"): many services
 *   (banks through messaging platforms, toll-free senders) send codes from ordinary numbers, and a
 *   friend's "my PIN is 1234" or "zip code 94110" must not be taken for one.
 * Promotions ("use code 4521 for 20% off"), zip/area/promo codes and order or tracking numbers are
 * refused whatever the sender.
 */

/** A code found in an SMS, and who sent it when the text or the sender says. */
export interface OneTimeCodeReading {
  /** As written in the SMS (`123456`, `123-456`, `G-123456`), so the owner types what the service sent. */
  code: string;
  /** The service's name ("Google", "WhatsApp"), or null when neither the text nor the sender names it. */
  service: string | null;
}

/** Who texted: a short code or a named sender is a service; anything else may be a person. */
export type SmsSenderKind = 'short-code' | 'alphanumeric' | 'number';

/**
 * @example smsSenderKindOf('22395') // 'short-code'
 * @example smsSenderKindOf('Google') // 'alphanumeric'
 * @example smsSenderKindOf('+14155550199') // 'number'
 */
export function smsSenderKindOf(from: string): SmsSenderKind {
  const sender = from.trim();
  if (/^\d{5,6}$/.test(sender)) return 'short-code';
  // A sender id: letters (perhaps with digits, spaces, dots or dashes), never a phone number's shape.
  if (/[a-z]/i.test(sender) && /^[a-z0-9 .&'_-]{2,20}$/i.test(sender)) return 'alphanumeric';
  return 'number';
}

/**
 * The one-time code in `body` sent by `from`, or null when it is not one.
 *
 * @example readOneTimeCode('G-723210 is your Google verification code.', '22000')
 * // → { code: 'G-723210', service: 'Google' }
 * @example readOneTimeCode('call me at 5551234', '+14155550199') // → null
 */
export function readOneTimeCode(body: string, from: string): OneTimeCodeReading | null {
  const senderKind = smsSenderKindOf(from);
  // Words that say "code" but mean something else are taken out before anything is read.
  const text = body.replace(NOT_A_VERIFICATION_CODE, ' ');
  if (PROMOTION.test(text) || ORDER_NUMBER.test(text)) return null;
  const strong = STRONG_WORDING.some((w) => w.test(text));
  const weak = strong || WEAK_WORDING.test(text);
  if (!(strong || (weak && senderKind !== 'number'))) return null;
  const code = codeIn(text);
  if (!code) return null;
  return { code, service: serviceIn(text, code) ?? (senderKind === 'alphanumeric' ? from.trim() : null) };
}

/** Phrases with "code"/"PIN" in them that are not about signing in. */
const NOT_A_VERIFICATION_CODE =
  /\b(zip|postal|post|area|country|promo|promotional|discount|coupon|voucher|dress|gift|referral|source|bar|qr|tracking|reference|booking|reservation|door|gate|garage|alarm|lockbox|wifi|wi-fi)[ -]?codes?\b|\bpin (number )?(is )?(on|in|at|behind|under|with)\b/gi;
/** Marketing texts carry codes too; a discount is never a sign-in code. */
const PROMOTION =
  /\b\d{1,3}\s?% off\b|\b(sale|promo|coupon|discount|deal|offer ends|shop now|free shipping)\b/i;
/** "Order #12345", "order number 4521": the digits name an order, not a sign-in. */
const ORDER_NUMBER =
  /\b(order|invoice|ticket|case|tracking|shipment|parcel|package)\s*(no\.?|number|#|id)?\s*#?\s*\d/i;

/** Wording no person uses by accident: enough from any sender. */
const STRONG_WORDING = [
  /\bverification (code|pin|number)\b/i,
  /\bone[- ]time (code|pass ?code|password|pin)\b/i,
  /\bOTP\b/,
  /\b(security|login|log-in|sign-in|signin|sign in|authentication|auth|2fa|two-factor|2-step) code\b/i,
  /\b(2FA|two-factor authentication)\b/i,
  /\b(use|enter)\s+\S+\s+(to verify|to confirm|to sign in|to log in|as your|for verification)\b/i,
  /\byour code (is|:)/i,
  /\b(is|as) your (\S+ )?(verification |security |login |sign-in )?code\b/i,
  /\bdo not share (this|the|your) code\b|\bnever share (this|the|your) code\b|\bdon't share (this|the|it)\b/i,
  // Other languages: Spanish, Portuguese, French, German, Italian, Dutch, Chinese, Japanese.
  /\bc[oó]digo( de (verificaci[oó]n|verifica[cç][aã]o|seguridad|seguran[cç]a|acceso|acesso))?\b/i,
  /\bcode (de (v[ée]rification|s[ée]curit[ée]|confirmation))\b|\bvotre code\b/i,
  /\b(best[aä]tigungscode|verifizierungscode|sicherheitscode|anmeldecode)\b|\bdein code\b|\bihr code\b/i,
  /\bcodice (di verifica|di sicurezza)?\b/i,
  /\b(verificatiecode|beveiligingscode)\b/i,
  /验证码|認証コード|確認コード/,
];
/** Wording a service uses but a person might too: enough only from a short code or a named sender. */
const WEAK_WORDING = /\b(code|pin|passcode|pass code|verify|verification|confirm|login|sign in)\b/i;

/**
 * The code: a letter prefix and digits (`G-123456`), two groups of three (`123-456`, `123 456`), or
 * 4–8 digits standing alone, not a phone number, an amount, a time, a date or a percentage. When there
 * are several, the one nearest a code word wins ("Order ready. Use code 4821" → 4821).
 */
function codeIn(text: string): string | null {
  const candidates: { code: string; at: number }[] = [];
  for (const pattern of CODE_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const code = match[1]!;
      const at = match.index + match[0].indexOf(code);
      if (candidates.some((c) => at < c.at + c.code.length && c.at < at + code.length)) continue;
      candidates.push({ code, at });
    }
  }
  if (candidates.length === 0) return null;
  const cues = [...text.matchAll(CODE_CUE)].map((m) => m.index);
  const distance = (c: { at: number }) =>
    cues.length === 0 ? 0 : Math.min(...cues.map((cue) => Math.abs(cue - c.at)));
  return candidates.reduce((best, c) => (distance(c) < distance(best) ? c : best)).code;
}

const CODE_PATTERNS = [
  /(?<![\w-])([A-Z]{1,3}-\d{4,8})(?![\w-])/g,
  /(?<![\d\w$#€£.,:/-])(\d{3}[- ]\d{3})(?![\d-]|[.,:/]\d| ?%)/g,
  /(?<![\d\w$#€£.,:/+-])(\d{4,8})(?![\d-]|[.,:/]\d| ?%|\s?(am|pm|minutes?|mins?|hours?|days?)\b)/gi,
];
const CODE_CUE =
  /\b(code|pin|passcode|otp|verify|verification|c[oó]digo|codice|验证码)\b|验证码|認証コード|確認コード/gi;

/**
 * The service the text names: "[Amazon] …", "Amazon: …", "Your Google verification code", "… is your
 * WhatsApp code", "… your Microsoft account", "from Uber". Only capitalised names; common words are not
 * names.
 */
function serviceIn(text: string, code: string): string | null {
  const rest = text.replace(code, ' ');
  for (const pattern of SERVICE_PATTERNS) {
    const name = pattern
      .exec(rest)?.[1]
      ?.replace(/(?:\s+ID)?(?:\s+(?:Verification|Security|Login))?\s+(?:Code|PIN|OTP)$/i, '')
      .trim();
    if (name && !NOT_A_NAME.test(name)) return name;
  }
  return null;
}

const NAME = "([A-Z][\\w&.'-]*(?: (?:of|and|&|[A-Z][\\w&.'-]*)){0,3})";
const SERVICE_PATTERNS = [
  new RegExp(`^\\s*(?:<#>\\s*)?\\[${NAME}\\]`),
  new RegExp(`^\\s*(?:<#>\\s*)?${NAME}\\s*:`),
  new RegExp(
    `\\b[Yy]our ${NAME} (?:verification |security |login |sign-in |one-time |confirmation )?(?:code|PIN|passcode|OTP)\\b`,
  ),
  new RegExp(
    `\\b(?:is|as) your ${NAME} (?:verification |security |login |sign-in |one-time )?(?:code|PIN|passcode|OTP)\\b`,
  ),
  new RegExp(`\\b(?:your|the) ${NAME} (?:account|app|login|ID)\\b`),
  new RegExp(`\\b(?:from|for|to|on|at) ${NAME}(?=[\\s.,!:;]|$)`),
  new RegExp(`^\\s*(?:<#>\\s*)?${NAME} (?:verification |security |login )?code\\b`),
];
/** Capitalised words that open sentences or name the code, not the service. */
const NOT_A_NAME =
  /^(Your|Votre|Tu|Su|Seu|Ihr|Dein|Il|The|This|Verify|That|Use|Enter|Do|Don't|Never|Code|Codes|Verification|Security|Login|Sign|Please|Hi|Hello|Welcome|Thanks|It|Is|You|We|Our|PIN|OTP|Passcode|Account|Valid|Expires|Minutes|Reply|Text|Msg|Message)\b/;
