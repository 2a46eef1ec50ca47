import { formatDateId, formatRupiah, localDate } from '../../common/format.ts';
import { rows, type DetectContext, type Detected } from './detected.ts';

interface Item {
  id: string;
  household_id: string;
  recipient_name: string;
  amount: number;
  status: 'belum' | 'tersalurkan';
  paid_date: string | null;
  period_label: string;
  period_open: number;
  program: string;
  person_status: string | null;
  person_date: string | null;
  person_changed: string | null;
  person_deleted: string | null;
  household_deleted: string | null;
  household_status: string;
  household_changed: string;
  enrolment_status: string;
  enrolment_date: string | null;
  enrolment_changed: string;
  enrolment_deleted: string | null;
}

/** Why an item should not be paid, and from which day. The first that applies is named. */
function causeOf(i: Item): { code: string; since: string; words: string } | null {
  // Timestamps are UTC; days are counted in WIB, like paid_date.
  const day = (at: string | null) => (at ? localDate(at) : null);
  if (i.person_status === 'meninggal')
    return {
      code: 'meninggal',
      since: i.person_date ?? day(i.person_changed)!,
      words: `${i.recipient_name} meninggal`,
    };
  if (i.household_deleted)
    return {
      code: 'keluarga_dihapus',
      since: day(i.household_deleted)!,
      words: 'keluarganya dihapus dari data',
    };
  if (i.person_deleted)
    return {
      code: 'orang_dihapus',
      since: day(i.person_deleted)!,
      words: `${i.recipient_name} dihapus dari data`,
    };
  if (i.person_status && i.person_status !== 'aktif')
    return {
      code: `orang_${i.person_status}`,
      since: i.person_date ?? day(i.person_changed)!,
      words: `${i.recipient_name} berstatus ${i.person_status}`,
    };
  if (i.enrolment_deleted || i.enrolment_status === 'dikeluarkan')
    return {
      code: 'dikeluarkan',
      since: day(i.enrolment_deleted) ?? i.enrolment_date ?? day(i.enrolment_changed)!,
      words: `kepesertaan ${i.program} dikeluarkan`,
    };
  if (i.household_status === 'nonaktif')
    return { code: 'keluarga_nonaktif', since: day(i.household_changed)!, words: 'keluarganya nonaktif' };
  if (i.enrolment_status !== 'aktif')
    return {
      code: `kepesertaan_${i.enrolment_status}`,
      since: i.enrolment_date ?? day(i.enrolment_changed)!,
      words: `kepesertaan ${i.program} berstatus ${i.enrolment_status}`,
    };
  return null;
}

/**
 * Paid after death, after removal, or while inactive: items paid on or after the day the cause
 * began, and items of an open period still to be paid to such a person (the period would pay
 * them). Where the day a status began is not recorded, the row's last change stands in for it:
 * it is never earlier, so old payments are not blamed on a later change.
 */
export function paidIneligible(
  ctx: DetectContext,
  /** Only this period's items: the warning before it is closed. */
  periodId?: string,
): Detected[] {
  const items = rows<Item>(
    ctx.sql,
    `SELECT i.id, i.household_id, i.recipient_name, i.amount, i.status, i.paid_date,
            d.label AS period_label, d.status = 'dibuka' AS period_open, pr.name AS program,
            p.status AS person_status, p.status_date AS person_date, p.updated_at AS person_changed,
            p.deleted_at AS person_deleted,
            h.deleted_at AS household_deleted, h.status AS household_status,
            h.updated_at AS household_changed,
            e.status AS enrolment_status, e.end_date AS enrolment_date, e.updated_at AS enrolment_changed,
            e.deleted_at AS enrolment_deleted
       FROM disbursement_items i
       JOIN disbursement_periods d ON d.id = i.period_id
       JOIN programs pr ON pr.id = d.program_id
       JOIN households h ON h.id = i.household_id
       JOIN enrolments e ON e.id = i.enrolment_id
       LEFT JOIN people p ON p.id = i.person_id
      WHERE i.household_id IN (
              -- Few families have a cause; starting from them reads their items by index
              -- instead of joining every payment of every period.
              SELECT id FROM households WHERE deleted_at IS NOT NULL OR status <> 'aktif'
              UNION SELECT household_id FROM people WHERE deleted_at IS NOT NULL OR status <> 'aktif'
              -- A payee who moved to another family keeps the old family's items.
              UNION SELECT household_id FROM disbursement_items WHERE person_id IN
                     (SELECT id FROM people WHERE deleted_at IS NOT NULL OR status <> 'aktif')
              UNION SELECT household_id FROM enrolments WHERE deleted_at IS NOT NULL OR status <> 'aktif')
        AND (i.status = 'tersalurkan' OR (i.status = 'belum' AND d.status = 'dibuka'))
        AND (p.status <> 'aktif' OR p.deleted_at IS NOT NULL OR h.deleted_at IS NOT NULL
             OR h.status <> 'aktif' OR e.status <> 'aktif' OR e.deleted_at IS NOT NULL)
        ${periodId ? 'AND i.period_id = ?' : ''}
      ORDER BY i.id`,
    periodId ? [periodId] : [],
  );
  const found: Detected[] = [];
  for (const i of items) {
    const cause = causeOf(i);
    if (!cause) continue;
    const paid = i.status === 'tersalurkan';
    if (paid && (i.paid_date ?? '') < cause.since) continue;
    const what = `${i.program} ${i.period_label}, ${formatRupiah(i.amount)}`;
    found.push({
      kind: 'paid_ineligible',
      key: `${i.id}:${cause.code}:${i.status}`,
      householdIds: [i.household_id],
      reason: paid
        ? `Dibayar ${formatDateId(i.paid_date!)} (${what}) kepada ${i.recipient_name}, padahal ${cause.words} sejak ${formatDateId(cause.since)}.`
        : `Periode yang masih dibuka akan membayar ${i.recipient_name} (${what}), padahal ${cause.words} sejak ${formatDateId(cause.since)}.`,
    });
  }
  return found;
}
