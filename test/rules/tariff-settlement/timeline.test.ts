/** Participation timeline (rules-18a-tariff.md, "Participation timeline"; § 18a Abs. 2). */
import { describe, it, expect } from 'vitest';
import { deriveTimeline, tariffParticipationDays } from '../../../jobs/tariff-settlement/timeline.ts';
import { settleMember } from '../../../jobs/tariff-settlement/rules.ts';
import type { Membership } from '../../../jobs/tariff-settlement/types.ts';
import { TARIFF_PARAMS } from '../fixtures/tariff-params.ts';
import { cancel, classChange, enrol, facts, hardship } from '../fixtures/tariff-facts.ts';

const Y = 2024;
const OPEN = '9999-12-31';
const ranges = (f: ReturnType<typeof facts>) => deriveTimeline(f).participations.map((p) => p.range);

describe('start', () => {
  it('starts on the first day of the month after receipt', () => {
    expect(ranges(facts({ declarations: [enrol('2024-01-31', 3)] }))).toEqual([{ from: '2024-02-01', to: OPEN }]);
  });

  it('enrol before membership starts: start moves to the start of the next own membership period', () => {
    const memberships: Membership[] = [
      { validFrom: '2010-01-01', validTo: '2024-05-14', kind: 'family' },
      { validFrom: '2024-05-15', validTo: null, kind: 'voluntary' },
    ];
    expect(ranges(facts({ memberships, declarations: [enrol('2024-02-10', 3)] }))).toEqual([{ from: '2024-05-15', to: OPEN }]);
    const { settlement } = settleMember(facts({ memberships, declarations: [enrol('2024-02-10', 3)] }), Y, TARIFF_PARAMS);
    expect(settlement).toMatchObject({ participationMonths: 8, classes: '3:05-12', premiumProrated: '166.67' });
  });

  it('a class change received before the start day applies from the start', () => {
    const memberships: Membership[] = [{ validFrom: '2024-06-01', validTo: null, kind: 'mandatory' }];
    const { settlement } = settleMember(
      facts({ memberships, declarations: [enrol('2024-02-10', 3), classChange('2024-03-05', 2)] }),
      Y,
      TARIFF_PARAMS,
    );
    expect(settlement?.classes).toBe('2:06-12');
  });
});

describe('ordinary cancel: three months to 31 Dec, not before the 3-year binding ends', () => {
  const since2022 = [enrol('2022-04-10', 3)]; // start 2022-05-01, binding ends 2025-04-30

  it('start 2022-05-01, cancel received 2024-08-01 → ends 2025-12-31', () => {
    const [p] = deriveTimeline(facts({ declarations: [...since2022, cancel('2024-08-01')] })).participations;
    expect(p?.bindingEnd).toBe('2025-04-30');
    expect(p?.range).toEqual({ from: '2022-05-01', to: '2025-12-31' });
  });

  it('received 30 Sep → end of that year; received 1 Oct → end of the next year', () => {
    expect(ranges(facts({ declarations: [...since2022, cancel('2025-09-30')] }))[0]?.to).toBe('2025-12-31');
    expect(ranges(facts({ declarations: [...since2022, cancel('2025-10-01')] }))[0]?.to).toBe('2026-12-31');
  });

  it('binding end on 31 Dec itself allows that 31 Dec', () => {
    const since2021 = [enrol('2020-12-05', 3)]; // start 2021-01-01, binding ends 2023-12-31
    expect(ranges(facts({ declarations: [...since2021, cancel('2023-09-30')] }))[0]?.to).toBe('2023-12-31');
  });

  it('a class change does not restart the binding period', () => {
    const [p] = deriveTimeline(facts({ declarations: [...since2022, classChange('2024-01-10', 2), cancel('2024-08-01')] })).participations;
    expect(p?.range.to).toBe('2025-12-31');
  });
});

describe('hardship cancel', () => {
  it('ends with the calendar month after the month of receipt, binding ignored', () => {
    const f = facts({ declarations: [enrol('2023-12-10', 3), hardship('2024-03-15')] });
    expect(ranges(f)).toEqual([{ from: '2024-01-01', to: '2024-04-30' }]);
    // 4 × 250 / 12 = 83.333… → 83.33; 4 × 330 / 12 = 110.00
    expect(settleMember(f, Y, TARIFF_PARAMS).settlement).toMatchObject({
      participationMonths: 4,
      premiumProrated: '83.33',
      deductibleCapProrated: '110.00',
      classes: '3:01-04',
    });
  });

  it('received before the start day → no participation at all', () => {
    const f = facts({ declarations: [enrol('2024-02-10', 3), hardship('2024-02-20')] });
    expect(deriveTimeline(f).participations).toEqual([]);
    expect(settleMember(f, Y, TARIFF_PARAMS)).toEqual({ settlement: null, exceptions: [] });
  });

  it('received before a start that was moved to the membership start → no participation', () => {
    const memberships: Membership[] = [{ validFrom: '2024-06-01', validTo: null, kind: 'mandatory' }];
    expect(ranges(facts({ memberships, declarations: [enrol('2024-02-10', 3), hardship('2024-04-15')] }))).toEqual([]);
  });

  it('received on the start day → ends with the following month', () => {
    expect(ranges(facts({ declarations: [enrol('2024-02-10', 3), hardship('2024-03-01')] }))).toEqual([
      { from: '2024-03-01', to: '2024-04-30' },
    ]);
  });
});

describe('two cancellations and re-enrolment', () => {
  it('the earlier end holds, whichever comes first', () => {
    const base = [enrol('2020-12-05', 3)];
    expect(ranges(facts({ declarations: [...base, cancel('2024-02-01'), hardship('2024-05-10')] }))[0]?.to).toBe('2024-06-30');
    expect(ranges(facts({ declarations: [...base, hardship('2024-05-10'), cancel('2024-06-01')] }))[0]?.to).toBe('2024-06-30');
  });

  it('re-enrolment after the end starts a new participation with its own binding period', () => {
    const f = facts({ declarations: [enrol('2023-12-10', 3), hardship('2024-03-15'), enrol('2024-06-10', 2)] });
    const parts = deriveTimeline(f).participations;
    expect(parts.map((p) => [p.range, p.bindingEnd])).toEqual([
      [{ from: '2024-01-01', to: '2024-04-30' }, '2026-12-31'],
      [{ from: '2024-07-01', to: OPEN }, '2027-06-30'],
    ]);
    expect(settleMember(f, Y, TARIFF_PARAMS).settlement).toMatchObject({ participationMonths: 10, classes: '3:01-04;2:07-12' });
  });
});

describe('membership gaps and death', () => {
  const gap = (secondStart: string): Membership[] => [
    { validFrom: '2000-01-01', validTo: '2024-01-31', kind: 'mandatory' },
    { validFrom: secondStart, validTo: null, kind: 'voluntary' },
  ];

  it('end 31 Jan → start 1 Mar is an interruption: the tariff rests in February', () => {
    const f = facts({ memberships: gap('2024-03-01'), declarations: [enrol('2023-12-10', 3)] });
    const [p] = deriveTimeline(f).participations;
    expect(p?.range).toEqual({ from: '2024-01-01', to: OPEN });
    expect(p?.resting).toEqual([{ from: '2024-02-01', to: '2024-02-29' }]);
    expect(settleMember(f, Y, TARIFF_PARAMS).settlement).toMatchObject({ participationMonths: 11, classes: '3:01-01;3:03-12' });
  });

  it('end 31 Jan → start 2 Mar ends the participation with the membership before the gap', () => {
    const f = facts({ memberships: gap('2024-03-02'), declarations: [enrol('2023-12-10', 3)] });
    expect(ranges(f)).toEqual([{ from: '2024-01-01', to: '2024-01-31' }]);
    expect(settleMember(f, Y, TARIFF_PARAMS).settlement).toMatchObject({ participationMonths: 1, classes: '3:01-01' });
  });

  it('a change from mandatory to voluntary membership the next day is no gap', () => {
    const memberships: Membership[] = [
      { validFrom: '2000-01-01', validTo: '2024-04-30', kind: 'mandatory' },
      { validFrom: '2024-05-01', validTo: null, kind: 'voluntary' },
    ];
    const [p] = deriveTimeline(facts({ memberships, declarations: [enrol('2023-12-10', 3)] })).participations;
    expect(p?.resting).toEqual([]);
  });

  it('the participation ends with the last own membership period', () => {
    const memberships: Membership[] = [{ validFrom: '2000-01-01', validTo: '2024-08-15', kind: 'mandatory' }];
    expect(ranges(facts({ memberships, declarations: [enrol('2023-12-10', 3)] }))).toEqual([{ from: '2024-01-01', to: '2024-08-15' }]);
  });

  it('died_on ends the participation that day', () => {
    const f = facts({ diedOn: '2024-05-10', declarations: [enrol('2023-12-10', 3)] });
    expect(ranges(f)).toEqual([{ from: '2024-01-01', to: '2024-05-10' }]);
    expect(settleMember(f, Y, TARIFF_PARAMS).settlement).toMatchObject({ participationMonths: 5, classes: '3:01-05' });
  });
});

describe('resting', () => {
  it('a resting April under class 3 gives 3:01-03;3:05-12', () => {
    const { settlement } = settleMember(
      facts({ declarations: [enrol('2023-12-10', 3)], thirdPartyPeriods: [{ validFrom: '2024-04-01', validTo: '2024-04-30' }] }),
      Y,
      TARIFF_PARAMS,
    );
    expect(settlement).toMatchObject({ participationMonths: 11, classes: '3:01-03;3:05-12' });
  });

  it('every day of Y resting → a row with 0 months, zero amounts and empty classes', () => {
    const { settlement } = settleMember(
      facts({ declarations: [enrol('2022-11-10', 3)], thirdPartyPeriods: [{ validFrom: '2023-06-01', validTo: '2025-03-31' }] }),
      Y,
      TARIFF_PARAMS,
    );
    expect(settlement).toEqual({
      memberId: 'A123456780',
      year: 2024,
      participationMonths: 0,
      premiumProrated: '0.00',
      deductibleCapProrated: '0.00',
      outpatientEvents: 0,
      inpatientEvents: 0,
      eventsAmount: '0.00',
      deductible: '0.00',
      premiumCap: '600.00',
      premiumPaid: '0.00',
      balance: '0.00',
      outcome: 'zero',
      dueOn: null,
      classes: '',
      reasons: [],
      admissibleClass: 3,
    });
  });

  it('no row when the participation does not overlap Y', () => {
    expect(settleMember(facts({ declarations: [enrol('2024-12-10', 3)] }), Y, TARIFF_PARAMS).settlement).toBeNull();
    expect(settleMember(facts({ declarations: [enrol('2020-12-10', 3), hardship('2023-10-05')] }), Y, TARIFF_PARAMS).settlement).toBeNull();
  });
});

describe('tariffParticipationDays (for other jobs)', () => {
  it('gives participation days as intervals, resting days excluded', () => {
    const days = tariffParticipationDays(
      facts({
        declarations: [enrol('2023-12-10', 3), hardship('2024-09-03'), enrol('2024-11-20', 2)],
        thirdPartyPeriods: [{ validFrom: '2024-03-10', validTo: '2024-05-20' }],
      }),
    );
    expect(days.intervals).toEqual([
      { from: '2024-01-01', to: '2024-03-09' },
      { from: '2024-05-21', to: '2024-10-31' },
      { from: '2024-12-01', to: null },
    ]);
    expect(days.isParticipationDay('2023-12-31')).toBe(false);
    expect(days.isParticipationDay('2024-01-01')).toBe(true);
    expect(days.isParticipationDay('2024-04-15')).toBe(false);
    expect(days.isParticipationDay('2024-05-21')).toBe(true);
    expect(days.isParticipationDay('2024-11-15')).toBe(false);
    expect(days.isParticipationDay('2031-07-01')).toBe(true);
  });
});
