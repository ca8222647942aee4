import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readOneTimeCode, smsSenderKindOf } from '../../../outcome/one-time-code';

const SHORT = '22395';
const PERSON = '+14155550199';

/** [body, sender, expected code (null: not a one-time code), expected service]. */
const CODES: [string, string, string, string | null][] = [
  ['G-723210 is your Google verification code.', SHORT, 'G-723210', 'Google'],
  ['Your Google verification code is 482913', 'Google', '482913', 'Google'],
  [
    "<#> Your WhatsApp code: 123-456\nDon't share this code with others\n4sgLq1p5sV6",
    SHORT,
    '123-456',
    'WhatsApp',
  ],
  [
    'WhatsApp code 481-223. You can also tap on this link to verify your phone: v.whatsapp.com/481223',
    SHORT,
    '481-223',
    'WhatsApp',
  ],
  [
    'Your Uber code: 4821. Never share this code. Reply STOP ALL to 89203 to unsubscribe.',
    '89203',
    '4821',
    'Uber',
  ],
  [
    '[Amazon] 839201 is your one-time password (OTP). Do not share it with anyone.',
    'Amazon',
    '839201',
    'Amazon',
  ],
  [
    "Amazon: Your code is 551902. Don't share it. If you didn't request it, deny here: amazon.com/a/c/r",
    SHORT,
    '551902',
    'Amazon',
  ],
  ['Use 736182 to verify your Microsoft account', SHORT, '736182', 'Microsoft'],
  [
    'Your Chase one-time code is 30495817. Chase will never call you to ask for it.',
    '24273',
    '30495817',
    'Chase',
  ],
  ['Your verification code is 9921. It expires in 10 minutes.', PERSON, '9921', null],
  ["123456 is your Instagram code. Don't share it.", SHORT, '123456', 'Instagram'],
  [
    'Telegram code: 62910\n\nYou can also tap on this link to log in:\nhttps://t.me/login/62910',
    'Telegram',
    '62910',
    'Telegram',
  ],
  ['Your Lyft code is 7391', '46080', '7391', 'Lyft'],
  ["PayPal: 447120 is your security code. Don't share your code.", 'PayPal', '447120', 'PayPal'],
  ['Your DoorDash verification code is 229104. Reply HELP for help.', '32874', '229104', 'DoorDash'],
  [
    'Bank of America: Your authorization code is 882014. We will never ask for it.',
    '73981',
    '882014',
    'Bank of America',
  ],
  ['Your PIN is 5521', '72166', '5521', null],
  ['Coinbase: your login code is 201 448', 'Coinbase', '201 448', 'Coinbase'],
  ["Apple ID Code: 605412. Don't share it with anyone.", 'Apple', '605412', 'Apple'],
  ['Your Airbnb verification code is: 8812', SHORT, '8812', 'Airbnb'],
  ['Enter 40418 to sign in to Discord', '65236', '40418', 'Discord'],
  ['Tu código de verificación de Mercado Libre es 301922', SHORT, '301922', null],
  ['Votre code de vérification est 774210', SHORT, '774210', null],
  ['Ihr Bestätigungscode lautet 5517', 'Sparkasse', '5517', 'Sparkasse'],
  ['【腾讯】验证码 602311，5分钟内有效', '106575', '602311', null],
  ['Your one-time passcode is 66192733', PERSON, '66192733', null],
  ['2FA code 449102 for your Slack account', PERSON, '449102', 'Slack'],
  ['Verify: 9012 is your passcode for Venmo', 'Venmo', '9012', 'Venmo'],
  ["Your security code for Wells Fargo is 730118. Don't share it.", '93557', '730118', 'Wells Fargo'],
  ['Your code is 123456', '+18335550101', '123456', null],
  ['123456 is your verification code for Acme Bank', '+18335550101', '123456', 'Acme Bank'],
  ['Netflix: Your sign-in code is 4471. Expires in 15 minutes.', 'Netflix', '4471', 'Netflix'],
];

/** Messages that must NOT be read as a one-time code. */
const NOT_CODES: [string, string][] = [
  ['call me at 5551234', PERSON],
  ['my PIN number is on the card', PERSON],
  ['my PIN is 1234', PERSON],
  ['Your order #12345678 has shipped!', SHORT],
  ['Order 48213 is ready for pickup at our Main St store', SHORT],
  ['Use code 4521 for 20% off your next order', SHORT],
  ['SALE! Use code 8812 at checkout. Reply STOP to opt out', SHORT],
  ['Weather alert for zip code 94110: heavy rain tonight', SHORT],
  ['the door code is 4521, come on up', PERSON],
  ['Meet at 1930 Main St at 7pm?', PERSON],
  ['Your table is booked for 19:30 on 12/05/2026', SHORT],
  ['Call me back at 415-555-0199 please', PERSON],
  ['Your verification code expires soon', SHORT],
  ['Can you send me the code? Thanks', PERSON],
  ['Your balance is $1234.56', SHORT],
  ['Tracking number 1Z999AA10123456784: out for delivery', SHORT],
  ['Your reservation code is 4471', SHORT],
  ['The wifi code is 88776655', PERSON],
  ['Lunch tomorrow? My area code changed, new number is (646) 555-0123', PERSON],
  ['YES', PERSON],
  ['Your appointment is on 12/05 at 3:30pm. Reply C to confirm', SHORT],
  ['Call 1-800-555-0199 to confirm your appointment', SHORT],
  ['Your package 4521 will arrive today', SHORT],
  ['Your confirmation code is ABC123', SHORT],
  ['Reply 1 to confirm your 2 pm visit', SHORT],
  ['Your Verizon bill of $84.12 is due on 12/15', 'Verizon'],
  ['Your PIN reset was successful', SHORT],
  ['Can you verify the 2026 budget numbers by Friday?', PERSON],
];

test('one-time codes are read with their service, from short codes, named senders and long numbers', () => {
  for (const [body, from, code, service] of CODES) {
    assert.deepEqual(readOneTimeCode(body, from), { code, service }, `${from}: ${body}`);
  }
});

test('numbers, PINs, orders and promotions that are not one-time codes are refused', () => {
  for (const [body, from] of NOT_CODES) {
    assert.equal(readOneTimeCode(body, from), null, `${from}: ${body}`);
  }
  assert.ok(CODES.length + NOT_CODES.length >= 40);
});

test('the same code wording is enough from a service but not from a person', () => {
  const body = 'Your PIN is 5521';
  assert.deepEqual(readOneTimeCode(body, '72166'), { code: '5521', service: null });
  assert.equal(readOneTimeCode(body, PERSON), null);
});

test('senders are short codes, named senders or numbers', () => {
  assert.equal(smsSenderKindOf('22395'), 'short-code');
  assert.equal(smsSenderKindOf('898287'), 'short-code');
  assert.equal(smsSenderKindOf('Google'), 'alphanumeric');
  assert.equal(smsSenderKindOf('Bank-Alert'), 'alphanumeric');
  assert.equal(smsSenderKindOf('+14155550199'), 'number');
  assert.equal(smsSenderKindOf('4155550199'), 'number');
  assert.equal(smsSenderKindOf('1234'), 'number');
});
