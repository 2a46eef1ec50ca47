import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit a migration that has shipped; add a new one.
// Registry, programmes, verification, disbursement, cases and complaints.
// Every synced table has id (UUIDv7), version, created_at, updated_at and, where rows are never
// hard-deleted, deleted_at.
export async function up(db: Kysely<any>): Promise<void> {
  const syncColumns = (t: any) =>
    t
      .addColumn('version', 'integer', (c: any) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c: any) => c.notNull())
      .addColumn('updated_at', 'text', (c: any) => c.notNull());

  // The family an audit entry concerns, so a household's history is one indexed query.
  await db.schema.alterTable('audit_log').addColumn('subject_id', 'text').execute();
  await db.schema.createIndex('audit_subject').on('audit_log').column('subject_id').execute();

  // ---------- reference data ----------
  await syncColumns(
    db.schema
      .createTable('ref_values')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1)),
  ).execute();
  await db.schema
    .createIndex('ref_values_kind_code')
    .unique()
    .on('ref_values')
    .columns(['kind', 'code'])
    .execute();

  await syncColumns(
    db.schema
      .createTable('programs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull().check(sql`target in ('household','person')`))
      .addColumn('benefit', 'text', (c) => c.notNull().check(sql`benefit in ('cash','premium','service')`))
      .addColumn('schedule', 'text', (c) => c.notNull())
      .addColumn('default_channel', 'text')
      .addColumn('desa_only', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('excludes_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1)),
  ).execute();

  await syncColumns(
    db.schema
      .createTable('program_components')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('amount', 'integer', (c) => c.notNull().check(sql`amount >= 0`))
      .addColumn('amount_unit', 'text', (c) =>
        c.notNull().check(sql`amount_unit in ('per_bulan','per_tahun','per_penyaluran')`),
      )
      .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1)),
  ).execute();
  await db.schema
    .createIndex('program_components_code')
    .unique()
    .on('program_components')
    .columns(['program_id', 'code'])
    .execute();

  // ---------- households and people ----------
  await syncColumns(
    db.schema
      .createTable('households')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kk_number', 'text')
      .addColumn('desa_code', 'text', (c) => c.notNull().references('regions.code'))
      .addColumn('dusun', 'text')
      .addColumn('rt', 'text')
      .addColumn('rw', 'text')
      .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('desil', 'integer', (c) => c.check(sql`desil between 1 and 10`))
      .addColumn('desil_as_of', 'text')
      .addColumn('dtks_status', 'text')
      .addColumn('house_ownership', 'text')
      .addColumn('floor_area_m2', 'integer')
      .addColumn('floor_type', 'text')
      .addColumn('wall_type', 'text')
      .addColumn('roof_type', 'text')
      .addColumn('water_source', 'text')
      .addColumn('lighting', 'text')
      .addColumn('toilet', 'text')
      .addColumn('assets_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('monthly_income', 'integer')
      .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('aktif'))
      .addColumn('status_reason', 'text')
      .addColumn('head_person_id', 'text')
      .addColumn('synthetic', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('deleted_at', 'text')
      .addColumn('deleted_reason', 'text')
      // Looked up by id from every list and join: one b-tree search instead of index + table.
      .modifyEnd(sql`without rowid`),
  ).execute();
  // One active household per KK number; history keeps the old ones.
  await sql`CREATE UNIQUE INDEX households_kk ON households(kk_number) WHERE kk_number IS NOT NULL AND deleted_at IS NULL`.execute(
    db,
  );
  // Two indexes for the filtered family list: newest first within a desa (the page stops after
  // 200 rows), and a covering one so counting matches never reads the rows themselves.
  await db.schema
    .createIndex('households_desa_recent')
    .on('households')
    .columns(['desa_code', 'id'])
    .execute();
  await db.schema
    .createIndex('households_desa_filter')
    .on('households')
    .columns(['desa_code', 'desil', 'status', 'deleted_at'])
    .execute();

  await db.schema
    .createTable('household_kk_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('household_id', 'text', (c) => c.notNull().references('households.id'))
    .addColumn('kk_number', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('household_kk_history_household')
    .on('household_kk_history')
    .column('household_id')
    .execute();
  await db.schema
    .createIndex('household_kk_history_kk')
    .on('household_kk_history')
    .column('kk_number')
    .execute();

  await db.schema
    .createTable('household_desil_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('household_id', 'text', (c) => c.notNull().references('households.id'))
    .addColumn('desil', 'integer', (c) => c.notNull())
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('household_desil_history_household')
    .on('household_desil_history')
    .column('household_id')
    .execute();

  // row_no: an explicit INTEGER PRIMARY KEY, because the full-text index points at rows by rowid
  // and VACUUM (backups use VACUUM INTO) may renumber the implicit rowid of other tables.
  await syncColumns(
    db.schema
      .createTable('people')
      .addColumn('row_no', 'integer', (c) => c.primaryKey())
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('household_id', 'text', (c) => c.notNull().references('households.id'))
      .addColumn('nik', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_key', 'text', (c) => c.notNull())
      .addColumn('phonetic_key', 'text', (c) => c.notNull())
      .addColumn('sex', 'text', (c) => c.notNull().check(sql`sex in ('L','P')`))
      .addColumn('birth_place', 'text')
      .addColumn('birth_date', 'text')
      .addColumn('relationship', 'text', (c) => c.notNull())
      .addColumn('mother_name', 'text')
      .addColumn('marital_status', 'text')
      .addColumn('education', 'text')
      .addColumn('occupation', 'text')
      .addColumn('disability', 'text')
      .addColumn('chronic_illness', 'text')
      .addColumn('status', 'text', (c) => c.notNull().defaultTo('aktif'))
      .addColumn('status_reason', 'text')
      .addColumn('status_date', 'text')
      .addColumn('id_warnings_json', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('merged_into', 'text')
      .addColumn('deleted_at', 'text')
      .addColumn('deleted_reason', 'text'),
  ).execute();
  await sql`CREATE UNIQUE INDEX people_nik ON people(nik) WHERE nik IS NOT NULL AND deleted_at IS NULL`.execute(
    db,
  );
  await db.schema.createIndex('people_household').on('people').column('household_id').execute();
  await db.schema
    .createIndex('people_phonetic')
    .on('people')
    .columns(['phonetic_key', 'birth_date'])
    .execute();
  await db.schema.createIndex('people_name_key').on('people').column('name_key').execute();
  // Name fragments anywhere in the folded name: trigram full-text index, kept in step by triggers.
  await sql`CREATE VIRTUAL TABLE people_fts USING fts5(name_key, content='people', content_rowid='row_no', tokenize='trigram')`.execute(
    db,
  );
  await sql`CREATE TRIGGER people_fts_insert AFTER INSERT ON people BEGIN
      INSERT INTO people_fts(rowid, name_key) VALUES (new.row_no, new.name_key);
    END`.execute(db);
  await sql`CREATE TRIGGER people_fts_delete AFTER DELETE ON people BEGIN
      INSERT INTO people_fts(people_fts, rowid, name_key) VALUES ('delete', old.row_no, old.name_key);
    END`.execute(db);
  await sql`CREATE TRIGGER people_fts_update AFTER UPDATE OF name_key ON people BEGIN
      INSERT INTO people_fts(people_fts, rowid, name_key) VALUES ('delete', old.row_no, old.name_key);
      INSERT INTO people_fts(rowid, name_key) VALUES (new.row_no, new.name_key);
    END`.execute(db);

  // ---------- programmes ----------
  await syncColumns(
    db.schema
      .createTable('enrolments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
      .addColumn('component_id', 'text', (c) => c.references('program_components.id'))
      .addColumn('household_id', 'text', (c) => c.notNull().references('households.id'))
      .addColumn('person_id', 'text', (c) => c.references('people.id'))
      .addColumn('status', 'text', (c) =>
        c.notNull().check(sql`status in ('usulan','aktif','ditangguhkan','graduasi','dikeluarkan')`),
      )
      .addColumn('status_reason', 'text')
      .addColumn('channel', 'text')
      .addColumn('start_date', 'text')
      .addColumn('end_date', 'text')
      .addColumn('deleted_at', 'text'),
  ).execute();
  await db.schema.createIndex('enrolments_household').on('enrolments').column('household_id').execute();
  // Lists "every family in programme X", newest first, straight from this index (listHouseholds).
  await db.schema
    .createIndex('enrolments_program')
    .on('enrolments')
    .columns(['program_id', 'household_id', 'status', 'deleted_at'])
    .execute();
  await db.schema.createIndex('enrolments_person').on('enrolments').column('person_id').execute();

  // ---------- verification and validation ----------
  await syncColumns(
    db.schema
      .createTable('verifications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('household_id', 'text', (c) => c.notNull().references('households.id'))
      .addColumn('desa_code', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) =>
        c.notNull().check(sql`source in ('usulan','sanggah','kualitas_data','semua')`),
      )
      .addColumn('status', 'text', (c) =>
        c.notNull().check(sql`status in ('belum_diverifikasi','sedang_ditinjau','terverifikasi')`),
      )
      .addColumn('assigned_to', 'text')
      .addColumn('visit_date', 'text')
      .addColumn('visit_json', 'text', (c) => c.notNull().defaultTo('{}'))
      .addColumn('findings', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('outcome', 'text', (c) => c.check(sql`outcome in ('layak','tidak_layak')`))
      .addColumn('outcome_reason', 'text')
      .addColumn('submitted_by', 'text')
      .addColumn('submitted_at', 'text')
      .addColumn('approval', 'text', (c) => c.check(sql`approval in ('disetujui','dikembalikan')`))
      .addColumn('approval_note', 'text')
      .addColumn('approved_by', 'text')
      .addColumn('approved_at', 'text'),
  ).execute();
  await db.schema.createIndex('verifications_household').on('verifications').column('household_id').execute();
  await db.schema
    .createIndex('verifications_desa')
    .on('verifications')
    .columns(['desa_code', 'status'])
    .execute();

  await db.schema
    .createTable('attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_entity', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .execute();
  await db.schema
    .createIndex('attachments_owner')
    .on('attachments')
    .columns(['owner_entity', 'owner_id'])
    .execute();

  // ---------- disbursement ----------
  await syncColumns(
    db.schema
      .createTable('disbursement_periods')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('program_id', 'text', (c) => c.notNull().references('programs.id'))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('start_month', 'integer', (c) => c.notNull().check(sql`start_month between 1 and 12`))
      .addColumn('months', 'integer', (c) => c.notNull().check(sql`months between 1 and 12`))
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('dibuka','ditutup')`))
      .addColumn('opened_by', 'text')
      .addColumn('opened_at', 'text', (c) => c.notNull())
      .addColumn('closed_by', 'text')
      .addColumn('closed_at', 'text'),
  ).execute();
  await db.schema
    .createIndex('disbursement_periods_unique')
    .unique()
    .on('disbursement_periods')
    .columns(['program_id', 'year', 'start_month', 'months'])
    .execute();

  await syncColumns(
    db.schema
      .createTable('disbursement_items')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('period_id', 'text', (c) => c.notNull().references('disbursement_periods.id'))
      .addColumn('enrolment_id', 'text', (c) => c.notNull().references('enrolments.id'))
      .addColumn('household_id', 'text', (c) => c.notNull().references('households.id'))
      .addColumn('person_id', 'text', (c) => c.references('people.id'))
      .addColumn('recipient_name', 'text', (c) => c.notNull())
      .addColumn('recipient_nik', 'text')
      .addColumn('kk_number', 'text')
      .addColumn('desa_code', 'text', (c) => c.notNull())
      .addColumn('amount', 'integer', (c) => c.notNull().check(sql`amount >= 0`))
      .addColumn('channel', 'text', (c) => c.notNull().check(sql`channel in ('bank_kks','pos','tunai')`))
      .addColumn('status', 'text', (c) =>
        c.notNull().check(sql`status in ('belum','tersalurkan','dikembalikan')`),
      )
      .addColumn('not_paid_reason', 'text')
      .addColumn('paid_date', 'text')
      .addColumn('reference', 'text'),
  ).execute();
  await db.schema
    .createIndex('disbursement_items_period')
    .on('disbursement_items')
    .columns(['period_id', 'desa_code', 'status'])
    .execute();
  await db.schema
    .createIndex('disbursement_items_household')
    .on('disbursement_items')
    .column('household_id')
    .execute();

  await db.schema
    .createTable('disbursement_corrections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('disbursement_items.id'))
    .addColumn('period_id', 'text', (c) => c.notNull())
    .addColumn('changes_json', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('corrected_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // ---------- cases and complaints ----------
  await syncColumns(
    db.schema
      .createTable('cases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('household_id', 'text', (c) => c.notNull().references('households.id'))
      .addColumn('person_id', 'text', (c) => c.references('people.id'))
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('atensi_cluster', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('assigned_to', 'text')
      .addColumn('due_date', 'text')
      .addColumn('opened_at', 'text', (c) => c.notNull())
      .addColumn('closed_at', 'text')
      .addColumn('closing_note', 'text')
      .addColumn('desa_code', 'text', (c) => c.notNull()),
  ).execute();
  await db.schema.createIndex('cases_household').on('cases').column('household_id').execute();
  await db.schema.createIndex('cases_assigned').on('cases').columns(['assigned_to', 'status']).execute();

  await db.schema
    .createTable('case_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('kind', 'text', (c) =>
      c.notNull().check(sql`kind in ('catatan','status','rujukan','penugasan')`),
    )
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('data_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('author_id', 'text')
    .addColumn('author_name', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('case_events_case').on('case_events').column('case_id').execute();

  await syncColumns(
    db.schema
      .createTable('referrals')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('agency', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) =>
        c.notNull().check(sql`status in ('dikirim','diterima','selesai','ditolak')`),
      )
      .addColumn('referred_at', 'text', (c) => c.notNull())
      .addColumn('response', 'text')
      .addColumn('responded_at', 'text'),
  ).execute();
  await db.schema.createIndex('referrals_case').on('referrals').column('case_id').execute();

  await syncColumns(
    db.schema
      .createTable('complaints')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('usul','sanggah','keluhan')`))
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('anonymous', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('reporter_name', 'text')
      .addColumn('reporter_contact', 'text')
      .addColumn('household_id', 'text', (c) => c.references('households.id'))
      .addColumn('person_id', 'text', (c) => c.references('people.id'))
      .addColumn('desa_code', 'text')
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('diterima','diproses','selesai')`))
      .addColumn('resolution', 'text')
      .addColumn('resolved_at', 'text')
      .addColumn('assigned_to', 'text'),
  ).execute();
  await db.schema
    .createIndex('complaints_status')
    .on('complaints')
    .columns(['status', 'received_at'])
    .execute();
  await db.schema.createIndex('complaints_household').on('complaints').column('household_id').execute();

  // ---------- undoable bulk operations (merges, bulk payment updates, imports) ----------
  await db.schema
    .createTable('operations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('undo_json', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('undone_at', 'text')
    .addColumn('undone_by', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // ---------- duplicates ----------
  await syncColumns(
    db.schema
      .createTable('duplicate_candidates')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('person_a', 'text', (c) => c.notNull().references('people.id'))
      .addColumn('person_b', 'text', (c) => c.notNull().references('people.id'))
      .addColumn('score', 'integer', (c) => c.notNull())
      .addColumn('reasons_json', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) =>
        c.notNull().check(sql`status in ('terbuka','bukan_duplikat','digabung')`),
      )
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', 'text')
      .addColumn('merge_json', 'text'),
  ).execute();
  await db.schema
    .createIndex('duplicate_candidates_pair')
    .unique()
    .on('duplicate_candidates')
    .columns(['person_a', 'person_b'])
    .execute();
  await db.schema
    .createIndex('duplicate_candidates_status')
    .on('duplicate_candidates')
    .column('status')
    .execute();
}
