import { periodAmount } from '../../common/domain/registry.ts';
import { formatRupiah } from '../../common/format.ts';
import type { AmountUnit } from '../../db/schema.ts';
import { rows, type DetectContext, type Detected } from './detected.ts';

interface Item {
  id: string;
  household_id: string;
  enrolment_id: string;
  amount: number;
  recipient_name: string;
  program_id: string;
  program: string;
  target: 'household' | 'person';
  months: number;
  period_label: string;
}

interface Entitled {
  id: string;
  household_id: string;
  program_id: string;
  amount: number | null;
  amount_unit: AmountUnit | null;
}

/**
 * A listed amount that is not the family's entitlement: the sum of its live components for the
 * period's length (a household programme), or the person's component (a person programme), as
 * opening a period computes it. Entitlement is today's: a child who moved up a school level
 * changes it, so only periods still open and each programme's latest period are compared
 * (older periods were right by the entitlement of their time, which is not kept).
 */
export function amountMismatch(ctx: DetectContext): Detected[] {
  const items = rows<Item>(
    ctx.sql,
    `SELECT i.id, i.household_id, i.enrolment_id, i.amount, i.recipient_name, d.program_id,
            pr.name AS program, pr.target, d.months, d.label AS period_label
       FROM disbursement_items i
       JOIN disbursement_periods d ON d.id = i.period_id
       JOIN programs pr ON pr.id = d.program_id
      WHERE i.status <> 'dikembalikan'
        AND (d.status = 'dibuka'
             OR d.id = (SELECT l.id FROM disbursement_periods l WHERE l.program_id = d.program_id
                         ORDER BY l.year DESC, l.start_month DESC LIMIT 1))
      ORDER BY i.id`,
  );
  if (!items.length) return [];
  const programIds = [...new Set(items.map((i) => i.program_id))];
  const enrolments = rows<Entitled>(
    ctx.sql,
    `SELECT e.id, e.household_id, e.program_id, c.amount, c.amount_unit
       FROM enrolments e
       JOIN households h ON h.id = e.household_id
       LEFT JOIN program_components c ON c.id = e.component_id
       LEFT JOIN people p ON p.id = e.person_id
      WHERE e.status = 'aktif' AND e.deleted_at IS NULL AND h.deleted_at IS NULL
        AND (e.person_id IS NULL OR (p.status = 'aktif' AND p.deleted_at IS NULL))
        AND e.program_id IN (${programIds.map(() => '?').join(', ')})`,
    programIds,
  );
  const byEnrolment = new Map(enrolments.map((e) => [e.id, e]));
  const byFamily = new Map<string, Entitled[]>();
  for (const e of enrolments) {
    const key = `${e.program_id}:${e.household_id}`;
    byFamily.set(key, [...(byFamily.get(key) ?? []), e]);
  }
  const amountOf = (e: Entitled, months: number) =>
    e.amount == null ? 0 : periodAmount(e.amount, e.amount_unit ?? 'per_bulan', months);

  const found: Detected[] = [];
  for (const i of items) {
    const entitled =
      i.target === 'household'
        ? byFamily.get(`${i.program_id}:${i.household_id}`)
        : [byEnrolment.get(i.enrolment_id)].filter((e) => e !== undefined);
    // No live enrolment at all is the other signal (paid while inactive or removed).
    if (!entitled?.length) continue;
    const expected = entitled.reduce((sum, e) => sum + amountOf(e, i.months), 0);
    if (expected === i.amount) continue;
    const difference = i.amount - expected;
    found.push({
      kind: 'amount_mismatch',
      key: `${i.id}:${i.amount}:${expected}`,
      householdIds: [i.household_id],
      reason: `${i.program} ${i.period_label} untuk ${i.recipient_name}: ${formatRupiah(i.amount)}, padahal haknya menurut komponen program ${formatRupiah(expected)} (${difference > 0 ? 'lebih' : 'kurang'} ${formatRupiah(Math.abs(difference))}).`,
    });
  }
  return found;
}
