/**
 * Specific personal data (UU PDP Pasal 4: health, disability, financial data) leaves the core
 * only for roles with `registry.readSpecific`. The household view masks it field by field
 * (views.ts); this is the same rule for every other way a value can leave: the audit log view,
 * sync conflicts, anything showing a stored row's fields by name. The stored entries (and the
 * audit hash chain over them) are never changed: only the view.
 */
const SPECIFIC = new Set([
  'disability',
  'chronic_illness',
  'chronicillness',
  'kks_number',
  'kksnumber',
  'kks',
  'phone_number',
  'phonenumber',
]);
/** Bank and account fields, however a table or a file names them. */
const FINANCIAL = /(^|_)(bank|account|rekening|norek|no_rek)(_|$)|accountnumber|banknumber|bankaccount/;

export const SPECIFIC_HIDDEN = '(disembunyikan: data spesifik)';

export function isSpecificField(name: string): boolean {
  const key = name.toLowerCase();
  return SPECIFIC.has(key) || FINANCIAL.test(key);
}

const hide = (value: unknown) =>
  value === null || value === undefined || value === '' ? value : SPECIFIC_HIDDEN;

/**
 * A copy of an audit entry's changes with every specific field's values hidden, at any depth
 * (`{disability: {old, new}}`, a note's `{person: {chronic_illness: ...}}`, a row snapshot).
 */
export function maskSpecificChanges<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v) => maskSpecificChanges(v)) as T;
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (!isSpecificField(key)) out[key] = maskSpecificChanges(v);
    else if (v && typeof v === 'object' && !Array.isArray(v))
      out[key] = Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, hide(inner)]));
    else out[key] = hide(v);
  }
  return out as T;
}
