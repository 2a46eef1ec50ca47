import {
  ApiClient,
  apiAnswer,
  expect,
  initialize,
  loginAs,
  mainNav,
  openApp,
  screenshot,
  test,
  useWebHost,
} from './fixtures/webhost.ts';

/**
 * The form kit (FormDialog + useSave, MoneyField, DesaPicker) on the office laptop's screen: a
 * dialog refuses what it cannot read before asking the server, says why beside the field and
 * puts the focus there; the desa list is the one picker's.
 */
test.use({ viewport: { width: 1366, height: 768 } });

const OFFICER = {
  fullName: 'Dewi Lestari',
  username: 'dewi.petugas',
  temporaryPassword: 'sementara kebun apel di punten',
  password: 'kebun apel di punten 2026',
};
const HEAD = 'Sugeng Prayitno';
let householdId = '';
let caseId = '';

const host = useWebHost(async (h) => {
  const admin = await initialize(h);
  await admin.ok('users.create', {
    username: OFFICER.username,
    fullName: OFFICER.fullName,
    role: 'officer',
    area: { kecamatan: [], desa: [] },
    temporaryPassword: OFFICER.temporaryPassword,
  });
  const officer = new ApiClient(h);
  await officer.ok('auth.login', { username: OFFICER.username, password: OFFICER.temporaryPassword });
  await officer.ok('auth.changePassword', {
    currentPassword: OFFICER.temporaryPassword,
    newPassword: OFFICER.password,
  });
  const created = await officer.ok('households.create', {
    household: { kkNumber: '3579012003150007', desaCode: '35.79.01.2006', address: 'Jl. Bukit Berbunga 3' },
    members: [
      {
        nik: '3579011506790001',
        name: HEAD,
        sex: 'L',
        birthDate: '1979-06-15',
        relationship: 'kepala_keluarga',
      },
    ],
  });
  householdId = created.value.id;
  const opened = await officer.ok('cases.create', {
    householdId,
    personId: null,
    type: 'permohonan_bantuan',
    title: 'Permohonan bantuan biaya sekolah',
    description: '',
    atensiCluster: null,
    assignedTo: null,
    dueDate: null,
  });
  caseId = opened.id;
});

test('the family form refuses an income with sen before saving and takes the focus there', async ({
  page,
}) => {
  await openApp(page, host);
  await loginAs(page, OFFICER);
  await page.goto(`${host.url}/#/keluarga/${householdId}`);
  await expect(page.getByRole('heading', { name: HEAD, level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Ubah data keluarga' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ubah data keluarga' });
  await expect(dialog.getByLabel('Desa/Kelurahan (wajib)')).toHaveValue('35.79.01.2006');

  await dialog.getByText('Rumah dan aset').click();
  const income = dialog.getByLabel('Penghasilan keluarga per bulan (Rp)');
  await income.fill('1.500.000,50');
  // Folded again, as the dialog opens after a refusal: the refusal must unfold it.
  await dialog.getByText('Rumah dan aset').click();
  let asked = false;
  page.on('request', (r) => {
    const body = r.url().endsWith('/api/invoke') ? (r.postDataJSON() as { method?: string } | null) : null;
    if (body?.method === 'households.update') asked = true;
  });
  await dialog.getByRole('button', { name: 'Simpan keluarga' }).click();
  await expect(income).toBeFocused();
  await expect(income).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByRole('alert')).toContainText('rupiah utuh tanpa sen');
  expect(asked).toBe(false);
  await screenshot(page, 'formkit-household-income-refused');

  await income.fill('Rp 1500000');
  await expect(income).not.toHaveAttribute('aria-invalid', 'true');
  const saved = apiAnswer(page, 'households.update');
  await dialog.getByRole('button', { name: 'Simpan keluarga' }).click();
  expect(await (await saved).json()).toMatchObject({ ok: true });
  await expect(dialog).toHaveCount(0);
});

test('the open-period dialog: a missing programme is said beside it and takes the focus', async ({
  page,
}) => {
  await openApp(page, host);
  await loginAs(page, OFFICER);
  await mainNav(page).getByRole('link', { name: 'Penyaluran', exact: true }).click();
  await page.getByRole('button', { name: 'Buka periode', exact: true }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Buka periode penyaluran' });
  const program = dialog.getByLabel('Program', { exact: true });
  if (await program.inputValue()) await program.selectOption({ index: 0 });
  await dialog.getByRole('button', { name: 'Buka periode dan bekukan daftar' }).click();
  await expect(program).toBeFocused();
  await expect(program).toHaveAttribute('aria-invalid', 'true');
  await screenshot(page, 'formkit-open-period-refused');
  await program.selectOption({ label: 'Program Keluarga Harapan' });
  await expect(program).not.toHaveAttribute('aria-invalid', 'true');
  await dialog.getByRole('button', { name: 'Batal' }).click();
  await expect(dialog).toHaveCount(0);
});

test('closing a case asks for its summary beside the note, then closes it once', async ({ page }) => {
  await openApp(page, host);
  await loginAs(page, OFFICER);
  await page.goto(`${host.url}/#/kasus/${caseId}`);
  await page.getByRole('button', { name: 'Ubah ke "Ditutup"' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ubah status ke "Ditutup"' });
  const note = dialog.getByLabel('Ringkasan penyelesaian atau alasan penutupan');
  await dialog.getByRole('button', { name: 'Ya, ubah status' }).click();
  await expect(note).toBeFocused();
  await expect(note).toHaveAttribute('aria-invalid', 'true');
  await expect(dialog.getByRole('alert')).toHaveText(
    'Wajib diisi: tuliskan ringkasan penyelesaian atau alasan penutupan.',
  );
  await screenshot(page, 'formkit-case-close-refused');
  await note.fill('Bantuan disalurkan lewat sekolah; keluarga tidak memerlukan tindak lanjut.');
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  const answered = apiAnswer(page, 'cases.setStatus');
  await dialog.getByRole('button', { name: 'Ya, ubah status' }).click();
  expect(await (await answered).json()).toMatchObject({ ok: true, value: { status: 'ditutup' } });
  await expect(dialog).toHaveCount(0);
});

test('a pasted text longer than a field takes is kept whole and said to be too long, not cut', async ({
  page,
}) => {
  await openApp(page, host);
  await loginAs(page, OFFICER);
  await page.goto(`${host.url}/#/keluarga/${householdId}`);
  await page.getByRole('button', { name: /Catat pengaduan/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Pengaduan baru' });
  const subject = dialog.getByLabel('Pokok pengaduan');
  const long = 'Bantuan sembako bulan ini belum diterima padahal tetangga sudah menerima semua. '.repeat(6);
  await subject.fill(long);
  await expect(subject).toHaveValue(long);
  await expect(dialog.getByText(`Terlalu panjang: ${long.length} huruf, paling banyak 200.`)).toBeVisible();
  await screenshot(page, 'formkit-too-long');
  await subject.fill(long.slice(0, 150));
  await expect(dialog.getByText(/Terlalu panjang/)).toHaveCount(0);
});
