import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import {
  AREA_CODES,
  EmergencyNumberError,
  InvalidPhoneNumberError,
  assertDialable,
  isDialable,
  timeZoneForNumber,
  timeZonesForNumber,
  toE164,
} from '../../../agentphone';

function failure(run: () => unknown): { name: string; reason: string } | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof EmergencyNumberError || error instanceof InvalidPhoneNumberError) {
      return { name: error.name, reason: error.reason };
    }
    throw error;
  }
  return undefined;
}

describe('toE164', () => {
  const valid: [input: string, country: 'US' | 'CA' | undefined, expected: string][] = [
    ['(415) 555-1234', undefined, '+14155551234'],
    ['415-555-1234', undefined, '+14155551234'],
    ['415.555.1234', undefined, '+14155551234'],
    ['4155551234', undefined, '+14155551234'],
    ['1 415 555 1234', undefined, '+14155551234'],
    ['+1 (415) 555-1234', undefined, '+14155551234'],
    ['  +14155551234  ', undefined, '+14155551234'],
    ['(604) 555-1234', 'CA', '+16045551234'],
    ['604-555-1234', undefined, '+16045551234'],
    ['+44 20 7946 0958', undefined, '+442079460958'],
  ];
  for (const [input, country, expected] of valid) {
    test(`normalises ${JSON.stringify(input)} to ${expected}`, () => {
      assert.equal(country ? toE164(input, country) : toE164(input), expected);
    });
  }

  const refused: [input: string, name: string, reason: string][] = [
    ['', 'InvalidPhoneNumberError', 'unparseable'],
    ['hello', 'InvalidPhoneNumberError', 'unparseable'],
    ['555-1234', 'InvalidPhoneNumberError', 'invalid'],
    ['415-555-123', 'InvalidPhoneNumberError', 'invalid'],
    ['415-555-12345', 'InvalidPhoneNumberError', 'invalid'],
    ['415-555-1234 ext. 12', 'InvalidPhoneNumberError', 'has_extension'],
    ['911', 'EmergencyNumberError', 'emergency'],
    ['+1 911', 'EmergencyNumberError', 'emergency'],
    ['1-911', 'EmergencyNumberError', 'emergency'],
    ['112', 'EmergencyNumberError', 'emergency'],
    ['999', 'EmergencyNumberError', 'emergency'],
    ['988', 'EmergencyNumberError', 'crisis_line'],
    ['+1988', 'EmergencyNumberError', 'crisis_line'],
    ['211', 'EmergencyNumberError', 'n11'],
    ['(911) 555-1234', 'EmergencyNumberError', 'n11_area_code'],
  ];
  for (const [input, name, reason] of refused) {
    test(`refuses ${JSON.stringify(input)} with ${name} (${reason})`, () => {
      assert.deepEqual(
        failure(() => toE164(input)),
        { name, reason },
      );
    });
  }
});

describe('assertDialable', () => {
  test('returns ordinary US and Canadian numbers unchanged', () => {
    for (const number of [
      '+14155551234',
      '+12125550100',
      '+16045551234',
      '+14165551234',
      '+15145551234',
      '+17805551234',
      '+19025551234',
    ]) {
      assert.equal(assertDialable(number), number);
      assert.equal(isDialable(number), true);
    }
  });

  test('allows toll-free numbers', () => {
    assert.equal(assertDialable('+18005551234'), '+18005551234');
    assert.equal(assertDialable('+18885551234'), '+18885551234');
  });

  for (const code of ['211', '311', '411', '511', '611', '711', '811', '911']) {
    test(`refuses the N11 code ${code} in every form`, () => {
      const expected = code === '911' ? 'emergency' : 'n11';
      for (const form of [code, `+1${code}`, `1${code}`]) {
        assert.deepEqual(
          failure(() => assertDialable(form)),
          { name: 'EmergencyNumberError', reason: expected },
          form,
        );
      }
      assert.deepEqual(
        failure(() => assertDialable(`+1${code}5551234`)),
        { name: 'EmergencyNumberError', reason: 'n11_area_code' },
      );
      assert.equal(isDialable(`+1${code}`), false);
    });
  }

  const refused: [input: string, name: string, reason: string][] = [
    ['988', 'EmergencyNumberError', 'crisis_line'],
    ['+1988', 'EmergencyNumberError', 'crisis_line'],
    ['112', 'EmergencyNumberError', 'emergency'],
    ['+999', 'EmergencyNumberError', 'emergency'],
    ['4155551234', 'InvalidPhoneNumberError', 'not_e164'],
    ['+1 415 555 1234', 'InvalidPhoneNumberError', 'not_e164'],
    ['+442079460958', 'InvalidPhoneNumberError', 'not_nanp'],
    ['+1415555123', 'InvalidPhoneNumberError', 'not_nanp'],
    ['+10155551234', 'InvalidPhoneNumberError', 'invalid'],
    ['+14150551234', 'InvalidPhoneNumberError', 'invalid'],
    ['+14154111234', 'InvalidPhoneNumberError', 'invalid'],
    ['+19005551234', 'InvalidPhoneNumberError', 'unsupported_destination'],
    ['+18765551234', 'InvalidPhoneNumberError', 'unsupported_destination'],
    ['+12425551234', 'InvalidPhoneNumberError', 'unsupported_destination'],
    ['+15005551234', 'InvalidPhoneNumberError', 'unsupported_destination'],
  ];
  for (const [input, name, reason] of refused) {
    test(`refuses ${input} with ${name} (${reason})`, () => {
      assert.deepEqual(
        failure(() => assertDialable(input)),
        { name, reason },
      );
      assert.equal(isDialable(input), false);
    });
  }
});

describe('timeZoneForNumber', () => {
  const samples: [areaCode: string, zone: string][] = [
    // Eastern
    ['212', 'America/New_York'],
    ['404', 'America/New_York'],
    ['617', 'America/New_York'],
    ['305', 'America/New_York'],
    ['317', 'America/New_York'], // Indianapolis: Eastern Indiana
    ['865', 'America/New_York'], // Knoxville: East Tennessee
    ['423', 'America/New_York'], // Chattanooga: split code, Eastern majority
    // Central
    ['312', 'America/Chicago'],
    ['214', 'America/Chicago'],
    ['615', 'America/Chicago'], // Nashville: Middle Tennessee
    ['901', 'America/Chicago'], // Memphis
    ['219', 'America/Chicago'], // Gary: Central Indiana
    ['850', 'America/Chicago'], // Florida panhandle
    ['605', 'America/Chicago'], // South Dakota, split
    // Mountain
    ['303', 'America/Denver'],
    ['801', 'America/Denver'],
    ['915', 'America/Denver'], // El Paso
    ['208', 'America/Boise'],
    // Arizona: no DST
    ['602', 'America/Phoenix'],
    ['520', 'America/Phoenix'],
    ['928', 'America/Phoenix'],
    // Pacific
    ['415', 'America/Los_Angeles'],
    ['206', 'America/Los_Angeles'],
    ['702', 'America/Los_Angeles'],
    ['541', 'America/Los_Angeles'],
    // Alaska, Hawaii
    ['907', 'America/Anchorage'],
    ['808', 'Pacific/Honolulu'],
    // Canada
    ['416', 'America/Toronto'],
    ['604', 'America/Vancouver'],
    ['403', 'America/Edmonton'],
    ['306', 'America/Regina'],
    ['204', 'America/Winnipeg'],
    ['902', 'America/Halifax'],
    ['709', 'America/St_Johns'],
  ];
  for (const [areaCode, zone] of samples) {
    test(`maps area code ${areaCode} to ${zone}`, () => {
      assert.equal(timeZoneForNumber(`+1${areaCode}5551234`), zone);
    });
  }

  test('lists every zone of a split area code, most populous first', () => {
    assert.deepEqual(timeZonesForNumber('+18505551234'), ['America/Chicago', 'America/New_York']);
    assert.deepEqual(timeZonesForNumber('+18125551234'), ['America/New_York', 'America/Chicago']);
    assert.deepEqual(timeZonesForNumber('+14155551234'), ['America/Los_Angeles']);
  });

  test('has no zone for toll-free, foreign or malformed numbers', () => {
    assert.equal(timeZoneForNumber('+18005551234'), undefined);
    assert.equal(timeZoneForNumber('+442079460958'), undefined);
    assert.equal(timeZoneForNumber('4155551234'), undefined);
    assert.deepEqual(timeZonesForNumber('+18765551234'), []);
  });

  test('the table covers US and Canadian codes with zones the runtime knows', () => {
    const entries = Object.entries(AREA_CODES);
    assert.ok(entries.length > 400, `only ${entries.length} area codes`);
    for (const [areaCode, [country, ...zones]] of entries) {
      assert.match(areaCode, /^[2-9][0-8]\d$/);
      assert.ok(country === 'US' || country === 'CA');
      for (const zone of zones)
        assert.doesNotThrow(() => new Intl.DateTimeFormat('en-US', { timeZone: zone }), zone);
    }
    for (const areaCode of ['201', '202', '213', '312', '416', '514', '604', '713', '787', '808', '907']) {
      assert.ok(AREA_CODES[areaCode], `missing ${areaCode}`);
    }
  });
});
