import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ACTION_LABELS, COLUMN_LABELS } from '../../common/domain/auditLabels.ts';
import { SYNCED_TABLE_NAMES } from '../../common/sync/tables.ts';
import { setUpCore, userWithRole } from '../../tests/support/core.ts';

const CORE = join(import.meta.dirname, '..');

/** Which argument of `changes.<method>(...)` is the audited action. */
const ACTION_ARGUMENT: Record<string, number> = { insert: 2, update: 3, delete: 2, note: 0 };

interface Found {
  actions: Set<string>;
  /** Action arguments the scan cannot follow to their strings, with where they are. */
  unresolved: string[];
}

/** A module's top-level `const NAME = 'text'` declarations (exported or not): name -> text. */
function stringConstants(source: ts.SourceFile): Map<string, string> {
  const constants = new Map<string, string>();
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const))
      continue;
    for (const d of statement.declarationList.declarations)
      if (ts.isIdentifier(d.name) && d.initializer && ts.isStringLiteral(d.initializer))
        constants.set(d.name.text, d.initializer.text);
  }
  return constants;
}

/** The string a name imported into `source` stands for, when its module declares it as one. */
function importedConstant(source: ts.SourceFile, name: string): string | null {
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    const binding = bindings.elements.find((e) => e.name.text === name);
    if (!binding) continue;
    const path = resolve(dirname(source.fileName), statement.moduleSpecifier.text);
    const from = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    return stringConstants(from).get((binding.propertyName ?? binding.name).text) ?? null;
  }
  return null;
}

/**
 * Every action string core passes to Changes.insert/update/delete/note, read from the source.
 * An argument may be a string, a conditional or template over strings, a string constant (of
 * the file or imported), a parameter typed as a union of strings, or a `string` parameter whose
 * callers in the same file pass strings.
 */
function actionsWrittenByCore(): Found {
  const found: Found = { actions: new Set(), unresolved: [] };
  const files = readdirSync(CORE, { recursive: true, encoding: 'utf8' }).filter(
    (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
  );
  for (const file of files) {
    const path = join(CORE, file);
    const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const where = (node: ts.Node) =>
      `${relative(CORE, path)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${node.getText(source)}`;

    const calls: ts.CallExpression[] = [];
    const collect = (node: ts.Node) => {
      if (ts.isCallExpression(node)) calls.push(node);
      ts.forEachChild(node, collect);
    };
    collect(source);

    /** The strings an expression can take, or null when the scan cannot tell. */
    const values = (e: ts.Expression): string[] | null => {
      if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return [e.text];
      if (ts.isParenthesizedExpression(e)) return values(e.expression);
      if (ts.isConditionalExpression(e)) {
        const [a, b] = [values(e.whenTrue), values(e.whenFalse)];
        return a && b ? [...a, ...b] : null;
      }
      if (ts.isTemplateExpression(e)) {
        let out: string[] | null = [e.head.text];
        for (const span of e.templateSpans) {
          const parts = values(span.expression);
          if (!parts || !out) return null;
          out = out.flatMap((prefix) => parts.map((p) => prefix + p + span.literal.text));
        }
        return out;
      }
      if (ts.isIdentifier(e)) return identifierValues(e) ?? constantValue(e);
      return null;
    };

    const constants = stringConstants(source);
    const constantValue = (name: ts.Identifier): string[] | null => {
      const text = constants.get(name.text) ?? importedConstant(source, name.text);
      return text === null || text === undefined ? null : [text];
    };

    const identifierValues = (name: ts.Identifier): string[] | null => {
      // The nearest enclosing function that declares it as a parameter.
      for (let scope: ts.Node | undefined = name.parent; scope; scope = scope.parent) {
        if (!ts.isFunctionLike(scope)) continue;
        const index = scope.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === name.text);
        if (index < 0) continue;
        const type = scope.parameters[index]!.type;
        if (type && ts.isUnionTypeNode(type)) {
          const literals = type.types.map((t) =>
            ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal) ? t.literal.text : null,
          );
          return literals.every((l) => l !== null) ? (literals as string[]) : null;
        }
        if (type && ts.isLiteralTypeNode(type) && ts.isStringLiteral(type.literal))
          return [type.literal.text];
        // A `string` parameter: what the callers in this file pass.
        const fn = ts.isFunctionDeclaration(scope) ? scope.name?.text : undefined;
        if (!fn) return null;
        const passed = calls
          .filter((c) => ts.isIdentifier(c.expression) && c.expression.text === fn)
          .map((c) => (c.arguments[index] ? values(c.arguments[index]) : null));
        if (!passed.length || passed.some((p) => p === null)) return null;
        return passed.flat() as string[];
      }
      return null;
    };

    for (const call of calls) {
      const callee = call.expression;
      if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression)) continue;
      if (callee.expression.text !== 'changes' || !(callee.name.text in ACTION_ARGUMENT)) continue;
      const argument = call.arguments[ACTION_ARGUMENT[callee.name.text]!];
      const strings = argument ? values(argument) : null;
      if (strings) for (const s of strings) found.actions.add(s);
      else found.unresolved.push(where(call));
    }
  }
  return found;
}

describe('words for the audit trail', () => {
  const { actions, unresolved } = actionsWrittenByCore();

  it('finds the actions core writes', () => {
    // The scan itself works: actions written in each of the ways core writes them.
    expect([...actions]).toEqual(
      expect.arrayContaining([
        'households.create', // a string, through a string parameter
        'disbursement.list',
        'people.status_meninggal', // a template over a union-typed parameter
        'cases.refer', // a template over a conditional
        'users.disable', // a conditional
        'reports.print', // a union-typed parameter
        'import.undo.batch', // a constant imported from common/audit/batches.ts
      ]),
    );
    expect(actions.size).toBeGreaterThan(80);
    // An action the scan cannot follow: write it as a string (or a conditional over strings).
    expect(unresolved).toEqual([]);
  });

  it('has an Indonesian label for every action core writes', () => {
    const missing = [...actions].filter((a) => !Object.hasOwn(ACTION_LABELS, a)).sort();
    expect(missing, 'add these to ACTION_LABELS in common/domain/auditLabels.ts').toEqual([]);
  });

  it('labels no action that core no longer writes', () => {
    const stale = Object.keys(ACTION_LABELS)
      .filter((a) => !actions.has(a))
      .sort();
    expect(stale).toEqual([]);
  });

  it('has an Indonesian label for every column of the synced tables', async () => {
    const { core } = await setUpCore();
    // Keys and bookkeeping that no history or conflict names.
    const unnamed = new Set([
      'id',
      'version',
      'created_at',
      'updated_at',
      'row_no',
      'name_key',
      'phonetic_key',
    ]);
    const missing: string[] = [];
    for (const table of SYNCED_TABLE_NAMES) {
      const columns = core.db.sql.raw.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[];
      expect(columns.length, table).toBeGreaterThan(0);
      for (const { name } of columns)
        if (!unnamed.has(name) && !Object.hasOwn(COLUMN_LABELS, name)) missing.push(`${table}.${name}`);
    }
    expect(missing, 'add these to COLUMN_LABELS in common/domain/auditLabels.ts').toEqual([]);
    await core.close();
  });
});

describe('a household’s history', () => {
  it('shows one line per action, moment and user, in words', async () => {
    const { core, admin } = await setUpCore();
    const officer = await userWithRole(core, admin, 'officer');
    const { value } = await officer.ok('households.create', {
      household: { kkNumber: '3579012003150004', desaCode: '35.79.01.2006', address: 'Jl. Kartika 12' },
      members: [
        {
          nik: '3579011205800001',
          name: 'Budi Santoso',
          sex: 'L',
          birthDate: '1980-05-12',
          relationship: 'kepala_keluarga',
        },
        {
          nik: '3579015708830002',
          name: 'Siti Aminah',
          sex: 'P',
          birthDate: '1983-08-17',
          relationship: 'istri',
        },
        {
          nik: '3579010203100003',
          name: 'Ahmad Fauzi',
          sex: 'L',
          birthDate: '2010-03-02',
          relationship: 'anak',
        },
        {
          nik: '3579014411150004',
          name: 'Dewi Lestari',
          sex: 'P',
          birthDate: '2015-11-04',
          relationship: 'anak',
        },
      ],
    });
    const page = await officer.ok('households.get', { id: value.id });
    const pkh = (await officer.ok('reference.programs', {})).find((p) => p.code === 'PKH')!;
    await officer.ok('enrolments.create', {
      householdId: value.id,
      personId: page.members[3]!.id,
      programId: pkh.id,
      componentId: pkh.components.find((c) => c.code === 'sd')!.id,
      status: 'aktif',
    });
    await officer.ok('disbursement.openPeriod', { programId: pkh.id, year: 2026, startMonth: 1, months: 3 });
    const complaint = await officer.ok('complaints.create', {
      kind: 'keluhan',
      channel: 'whatsapp',
      reporterName: 'Siti Aminah',
      householdId: value.id,
      subject: 'Bantuan belum masuk rekening',
    });
    await officer.ok('complaints.update', {
      id: complaint.id,
      status: 'selesai',
      resolution: 'Dana sudah masuk; KPM diberi tahu.',
    });

    const history = (await officer.ok('households.get', { id: value.id })).history;
    const summaries = history.map((h) => h.summary);
    // The family, four people, the head and the KK are six rows of one registration.
    expect(summaries.filter((s) => s === 'Keluarga didaftarkan')).toHaveLength(1);
    expect(summaries).toEqual([
      'Pengaduan diperbarui: tindak lanjut, tanggal selesai, status',
      'Pengaduan diterima',
      'Masuk daftar penerima periode penyaluran',
      'Didaftarkan ke program',
      'Keluarga didaftarkan',
    ]);
    expect(history.every((h) => h.username === 'officer1')).toBe(true);
    await core.close();
  });
});
