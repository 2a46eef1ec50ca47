import { z } from 'zod';
import { method, requires, SESSION } from '../define.ts';
import { cleanString, emptyInput, id, isoDate, isoDateTime, regionCode } from '../fields.ts';
import {
  ATENSI_CLUSTERS,
  CASE_STATUSES,
  CASE_TYPES,
  CHANNELS,
  COMPLAINT_CHANNELS,
  COMPLAINT_KINDS,
  COMPLAINT_STATUSES,
  ENROLMENT_STATUSES,
  PAYMENT_STATUSES,
  VERIFICATION_SOURCES,
  VERIFICATION_STATUSES,
} from '../../domain/registry.ts';

/** Free text typed by staff: cleaned like names and addresses (common/api/fields.ts cleanString). */
const note = (max: number) => cleanString({ multiline: true }).max(max, `Paling banyak ${max} karakter.`);

// ---------------- verification ----------------
export const visitInput = z.strictObject({
  visitDate: isoDate,
  houseOwnership: note(40).nullable().optional(),
  floorAreaM2: z.number().int().min(0).max(10_000).nullable().optional(),
  floorType: note(40).nullable().optional(),
  wallType: note(40).nullable().optional(),
  roofType: note(40).nullable().optional(),
  waterSource: note(40).nullable().optional(),
  lighting: note(40).nullable().optional(),
  toilet: note(40).nullable().optional(),
  monthlyIncome: z.number().int().min(0).max(1_000_000_000).nullable().optional(),
  assets: z.array(note(40)).max(30).default([]),
  findings: note(4000).default(''),
});
export type VisitInput = z.infer<typeof visitInput>;

export const attachmentView = z.object({
  id,
  fileName: z.string(),
  mime: z.string(),
  size: z.number().int(),
  createdAt: z.string(),
  /** The file is on this workstation; otherwise opening it fetches it from the server first. */
  local: z.boolean(),
});

/** One programme of the family as an approved verification changes it. */
export const enrolmentChangeView = z.object({
  enrolmentId: id,
  programName: z.string(),
  from: z.enum(ENROLMENT_STATUSES),
  to: z.enum(ENROLMENT_STATUSES),
  /** When an activated programme starts paying: the first day of next month. */
  startDate: z.string().nullable(),
  reason: z.string().nullable(),
});
export type EnrolmentChangeView = z.infer<typeof enrolmentChangeView>;

export const verificationView = z.object({
  id,
  householdId: id,
  kkNumber: z.string().nullable(),
  headName: z.string().nullable(),
  desaCode: z.string(),
  desaName: z.string(),
  source: z.enum(VERIFICATION_SOURCES),
  status: z.enum(VERIFICATION_STATUSES),
  assignedTo: z.string().nullable(),
  visit: visitInput.partial().nullable(),
  outcome: z.enum(['layak', 'tidak_layak']).nullable(),
  outcomeReason: z.string().nullable(),
  submittedAt: z.string().nullable(),
  approval: z.enum(['disetujui', 'dikembalikan']).nullable(),
  approvalNote: z.string().nullable(),
  approvedAt: z.string().nullable(),
  /** What the approval did to the family's programmes (empty until approved). */
  enrolmentChanges: z.array(enrolmentChangeView),
  attachments: z.array(attachmentView),
  createdAt: z.string(),
  version: z.number().int(),
});
export type VerificationView = z.infer<typeof verificationView>;

// ---------------- disbursement ----------------
export const periodView = z.object({
  id,
  programId: id,
  programCode: z.string(),
  programName: z.string(),
  year: z.number().int(),
  startMonth: z.number().int(),
  months: z.number().int(),
  label: z.string(),
  status: z.enum(['dibuka', 'ditutup']),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  /** When every recipient should have been paid; null when none was set. */
  dueDate: z.string().nullable(),
  totals: z.object({
    recipients: z.number().int(),
    paid: z.number().int(),
    /** Paid on or before the due date (0 without one). */
    paidOnTime: z.number().int(),
    unpaid: z.number().int(),
    returned: z.number().int(),
    amountAllocated: z.number().int(),
    amountPaid: z.number().int(),
  }),
});
export type PeriodView = z.infer<typeof periodView>;

export const paymentView = z.object({
  id,
  periodId: id,
  householdId: id,
  recipientName: z.string(),
  recipientNik: z.string().nullable(),
  kkNumber: z.string().nullable(),
  desaName: z.string(),
  amount: z.number().int(),
  channel: z.enum(CHANNELS),
  status: z.enum(PAYMENT_STATUSES),
  notPaidReason: z.string().nullable(),
  paidDate: z.string().nullable(),
  reference: z.string().nullable(),
  periodLabel: z.string(),
  programCode: z.string(),
  version: z.number().int(),
});
export type PaymentView = z.infer<typeof paymentView>;

const paymentChange = {
  status: z.enum(PAYMENT_STATUSES),
  notPaidReason: note(200).nullable().default(null),
  paidDate: isoDate.nullable().default(null),
  reference: note(80).nullable().default(null),
};

// ---------------- cases and complaints ----------------
export const caseEventView = z.object({
  id,
  kind: z.enum(['catatan', 'status', 'rujukan', 'penugasan']),
  text: z.string(),
  authorName: z.string().nullable(),
  at: z.string(),
});

export const referralView = z.object({
  id,
  agency: z.string(),
  reason: z.string(),
  status: z.enum(['dikirim', 'diterima', 'selesai', 'ditolak']),
  referredAt: z.string(),
  response: z.string().nullable(),
  respondedAt: z.string().nullable(),
});

export const caseView = z.object({
  id,
  householdId: id,
  personId: z.string().nullable(),
  personName: z.string().nullable(),
  headName: z.string().nullable(),
  desaName: z.string(),
  type: z.enum(CASE_TYPES),
  title: z.string(),
  description: z.string(),
  atensiCluster: z.enum(ATENSI_CLUSTERS).nullable(),
  status: z.enum(CASE_STATUSES),
  assignedTo: z.string().nullable(),
  assignedName: z.string().nullable(),
  dueDate: z.string().nullable(),
  overdue: z.boolean(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  events: z.array(caseEventView),
  referrals: z.array(referralView),
  version: z.number().int(),
});
export type CaseView = z.infer<typeof caseView>;

export const complaintView = z.object({
  id,
  kind: z.enum(COMPLAINT_KINDS),
  channel: z.enum(COMPLAINT_CHANNELS),
  anonymous: z.boolean(),
  reporterName: z.string().nullable(),
  reporterContact: z.string().nullable(),
  householdId: z.string().nullable(),
  headName: z.string().nullable(),
  desaCode: z.string().nullable(),
  desaName: z.string().nullable(),
  subject: z.string(),
  description: z.string(),
  receivedAt: z.string(),
  status: z.enum(COMPLAINT_STATUSES),
  resolution: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  /** Days from receipt to resolution (or to now while open). */
  responseDays: z.number(),
  assignedTo: z.string().nullable(),
  version: z.number().int(),
});
export type ComplaintView = z.infer<typeof complaintView>;

export const workItem = z.object({
  kind: z.enum(['kasus', 'verifikasi', 'pengaduan', 'duplikat']),
  id,
  title: z.string(),
  detail: z.string(),
  dueDate: z.string().nullable(),
  overdue: z.boolean(),
  householdId: z.string().nullable(),
});
export type WorkItem = z.infer<typeof workItem>;

export const caseworkMethods = {
  // verification and validation
  'verification.createWorklist': method({
    input: z.strictObject({ desaCode: regionCode, source: z.enum(VERIFICATION_SOURCES) }),
    output: z.object({ created: z.number().int(), skipped: z.number().int() }),
    access: requires('verification.write'),
    writes: true,
  }),
  /** One family's visit, started from its page: its open round, or a new one. */
  'verification.start': method({
    input: z.strictObject({ householdId: id, source: z.enum(VERIFICATION_SOURCES).default('usulan') }),
    output: z.object({ id, created: z.boolean() }),
    access: requires('verification.write'),
    writes: true,
  }),
  'verification.list': method({
    input: z.strictObject({
      desaCode: regionCode.optional(),
      status: z.enum(VERIFICATION_STATUSES).optional(),
      awaitingApproval: z.boolean().optional(),
      householdId: id.optional(),
      limit: z.number().int().min(1).max(500).default(200),
    }),
    output: z.array(verificationView),
    access: requires('registry.read'),
    writes: false,
  }),
  'verification.get': method({
    input: z.strictObject({ id }),
    output: verificationView,
    access: requires('registry.read'),
    writes: false,
  }),
  'verification.saveVisit': method({
    input: z.strictObject({ id, expectedVersion: z.number().int(), visit: visitInput }),
    output: verificationView,
    access: requires('verification.write'),
    writes: true,
  }),
  'verification.submit': method({
    input: z.strictObject({
      id,
      outcome: z.enum(['layak', 'tidak_layak']),
      reason: note(500).min(3, 'Tuliskan alasannya.'),
    }),
    output: verificationView,
    access: requires('verification.write'),
    writes: true,
  }),
  'verification.approve': method({
    input: z.strictObject({
      id,
      decision: z.enum(['disetujui', 'dikembalikan']),
      note: note(500).default(''),
    }),
    output: verificationView,
    access: requires('verification.approve'),
    writes: true,
  }),
  /** What approving this result would do to the family's programmes, for the manager to read first. */
  'verification.approvalPreview': method({
    input: z.strictObject({ id }),
    output: z.array(enrolmentChangeView),
    access: requires('verification.approve'),
    writes: false,
  }),
  /** Takes an approval back: the family's programmes return to what they were before it. */
  'verification.undoApproval': method({
    input: z.strictObject({ id }),
    output: verificationView,
    access: requires('verification.approve'),
    writes: true,
  }),
  /** A manager hands a visit to an officer (null: back to anyone in the area). */
  'verification.assign': method({
    input: z.strictObject({ id, userId: id.nullable() }),
    output: verificationView,
    access: requires('verification.approve'),
    writes: true,
  }),
  /** Photos and documents of a visit, stored encrypted beside the database. */
  'attachments.add': method({
    input: z.strictObject({
      ownerEntity: z.enum(['verifications', 'cases']),
      ownerId: id,
      fileName: z.string().trim().min(1).max(120),
      mime: z.enum(['image/jpeg', 'image/png', 'application/pdf'], 'Hanya foto JPG/PNG atau PDF.'),
      dataBase64: z.string().max(14_000_000, 'Berkas terlalu besar (maksimal 10 MB).'),
    }),
    output: attachmentView,
    access: requires('verification.write'),
    writes: true,
  }),
  'attachments.get': method({
    input: z.strictObject({ id }),
    output: z.object({ fileName: z.string(), mime: z.string(), dataBase64: z.string() }),
    access: requires('registry.read'),
    writes: true,
  }),
  /**
   * The office files key, which seals attachment files for the other workstations (the server
   * never has it): whether this workstation has it, and its code when asked (audited).
   */
  'attachments.officeKey': method({
    input: z.strictObject({ reveal: z.boolean() }),
    output: z.object({ present: z.boolean(), code: z.string().nullable() }),
    access: requires('settings.manage'),
    writes: true,
  }),
  /** Makes the office key (no code: the first workstation) or sets the code typed from another. */
  'attachments.setOfficeKey': method({
    input: z.strictObject({
      code: z.string().trim().min(1, 'Ketik kode kunci berkas kantor.').max(120).optional(),
    }),
    output: z.object({ code: z.string() }),
    access: requires('settings.manage'),
    writes: true,
  }),

  // disbursement
  'disbursement.periods': method({
    input: z.strictObject({ programId: id.optional() }),
    output: z.array(periodView),
    access: requires('registry.read'),
    writes: false,
  }),
  /** Freezes the list: every live enrolment of the programme at this moment, with its amount. */
  'disbursement.openPeriod': method({
    input: z.strictObject({
      programId: id,
      year: z.number().int().min(2000).max(2100),
      startMonth: z.number().int().min(1).max(12),
      months: z.number().int().min(1).max(12),
      label: z.string().trim().max(60).optional(),
      /** "Tersalurkan tepat waktu" counts payments made by this day. */
      dueDate: isoDate.nullable().optional(),
    }),
    output: periodView,
    access: requires('disbursement.write'),
    writes: true,
  }),
  'disbursement.items': method({
    input: z.strictObject({
      periodId: id.optional(),
      householdId: id.optional(),
      desaCode: regionCode.optional(),
      status: z.enum(PAYMENT_STATUSES).optional(),
      query: z.string().trim().max(60).optional(),
      limit: z.number().int().min(1).max(1000).default(200),
      cursor: z.string().max(80).nullable().default(null),
    }),
    output: z.object({ rows: z.array(paymentView), nextCursor: z.string().nullable() }),
    access: requires('registry.read'),
    writes: false,
  }),
  /** Bulk status change on an open period; answers an operation id that undoes it. */
  'disbursement.setStatus': method({
    input: z.strictObject({ itemIds: z.array(id).min(1).max(100_000), ...paymentChange }),
    output: z.object({ operationId: id, changed: z.number().int() }),
    access: requires('disbursement.write'),
    writes: true,
  }),
  'disbursement.undo': method({
    input: z.strictObject({ operationId: id }),
    output: z.object({ restored: z.number().int() }),
    access: requires('disbursement.write'),
    writes: true,
  }),
  /** Refused while the period pays people who died, were removed or are inactive, unless acknowledged. */
  'disbursement.closePeriod': method({
    input: z.strictObject({ id, acknowledgeWarnings: z.boolean().default(false) }),
    output: periodView,
    access: requires('disbursement.close'),
    writes: true,
  }),
  /** The only change a closed period accepts: one item, with a reason, kept as a correction. */
  'disbursement.correct': method({
    input: z.strictObject({
      itemId: id,
      ...paymentChange,
      amount: z.number().int().min(0).optional(),
      reason: note(300).min(5, 'Tuliskan alasan koreksi.'),
    }),
    output: paymentView,
    access: requires('disbursement.close'),
    writes: true,
  }),

  // cases
  'cases.create': method({
    input: z.strictObject({
      householdId: id,
      personId: id.nullable().default(null),
      type: z.enum(CASE_TYPES),
      title: note(160).min(3, 'Judul minimal 3 huruf.'),
      description: note(4000).default(''),
      atensiCluster: z.enum(ATENSI_CLUSTERS).nullable().default(null),
      assignedTo: id.nullable().default(null),
      dueDate: isoDate.nullable().default(null),
    }),
    output: caseView,
    access: requires('cases.write'),
    writes: true,
  }),
  'cases.list': method({
    input: z.strictObject({
      householdId: id.optional(),
      assignedToMe: z.boolean().optional(),
      open: z.boolean().optional(),
      overdue: z.boolean().optional(),
      limit: z.number().int().min(1).max(500).default(200),
    }),
    output: z.array(caseView),
    access: requires('registry.read'),
    writes: false,
  }),
  'cases.get': method({
    input: z.strictObject({ id }),
    output: caseView,
    access: requires('registry.read'),
    writes: false,
  }),
  'cases.setStatus': method({
    input: z.strictObject({ id, status: z.enum(CASE_STATUSES), note: note(2000).default('') }),
    output: caseView,
    access: requires('cases.write'),
    writes: true,
  }),
  'cases.assign': method({
    input: z.strictObject({ id, userId: id.nullable(), dueDate: isoDate.nullable().optional() }),
    output: caseView,
    access: requires('cases.write'),
    writes: true,
  }),
  'cases.addNote': method({
    input: z.strictObject({ id, text: note(4000).min(1, 'Catatan masih kosong.') }),
    output: caseView,
    access: requires('cases.write'),
    writes: true,
  }),
  'cases.refer': method({
    input: z.strictObject({ id, agency: note(160).min(2), reason: note(1000).min(3) }),
    output: caseView,
    access: requires('cases.write'),
    writes: true,
  }),
  'cases.updateReferral': method({
    input: z.strictObject({
      id,
      referralId: id,
      status: z.enum(['diterima', 'selesai', 'ditolak']),
      response: note(2000).default(''),
    }),
    output: caseView,
    access: requires('cases.write'),
    writes: true,
  }),

  // complaints
  'complaints.create': method({
    input: z.strictObject({
      kind: z.enum(COMPLAINT_KINDS),
      channel: z.enum(COMPLAINT_CHANNELS),
      anonymous: z.boolean().default(false),
      reporterName: note(120).nullable().default(null),
      reporterContact: note(120).nullable().default(null),
      householdId: id.nullable().default(null),
      desaCode: regionCode.nullable().default(null),
      subject: note(200).min(3, 'Pokok pengaduan minimal 3 huruf.'),
      description: note(4000).default(''),
      receivedAt: isoDateTime.optional(),
    }),
    output: complaintView,
    access: requires('complaints.write'),
    writes: true,
  }),
  'complaints.list': method({
    input: z.strictObject({
      status: z.enum(COMPLAINT_STATUSES).optional(),
      householdId: id.optional(),
      limit: z.number().int().min(1).max(500).default(200),
    }),
    output: z.array(complaintView),
    access: requires('registry.read'),
    writes: false,
  }),
  'complaints.get': method({
    input: z.strictObject({ id }),
    output: complaintView,
    access: requires('registry.read'),
    writes: false,
  }),
  'complaints.update': method({
    input: z.strictObject({
      id,
      status: z.enum(COMPLAINT_STATUSES),
      resolution: note(4000).nullable().default(null),
      householdId: id.nullable().optional(),
      assignedTo: id.nullable().optional(),
    }),
    output: complaintView,
    access: requires('complaints.write'),
    writes: true,
  }),

  /** "Aktivitas saya": what waits for the logged-in user, overdue first. */
  'work.mine': method({ input: emptyInput, output: z.array(workItem), access: SESSION, writes: false }),
  /** Active staff, for assigning work. */
  'users.directory': method({
    input: emptyInput,
    output: z.array(z.object({ id, fullName: z.string(), role: z.string() })),
    access: SESSION,
    writes: false,
  }),
};
