import type { Locator, Page } from '@playwright/test';
import {
  ADMIN,
  apiAnswer,
  expect,
  expectAppFrame,
  initialize,
  invokeInPage,
  loginAs,
  mainNav,
  openApp,
  screenshot,
  submitLogin,
  test,
  useWebHost,
} from './fixtures/webhost.ts';
import { screenshotWholePage } from './fixtures/wholePage.ts';

/**
 * The registry issue's acceptance scenario, through the UI as staff would do it: an officer
 * registers a family of four (an impossible NIK refused, a NIK that disagrees with the birth
 * date saved with a warning), enrols it in PKH, verifies it (a manager approves), pays it in a
 * PKH period, records and resolves a complaint; the household page then shows all of it.
 *
 * The tests run in order on one web host and share the family's address.
 */

const OFFICER = {
  fullName: 'Agus Prasetyo',
  username: 'agus.prasetyo',
  temporaryPassword: 'sementara kabut tipis di lereng panderman',
  password: 'kabut tipis di lereng panderman pagi',
};
const MANAGER = {
  fullName: 'Wulan Sari',
  username: 'wulan.sari',
  temporaryPassword: 'sementara apel manis dari bumiaji',
  password: 'apel manis dari bumiaji sore hari',
};

const DESA = 'Oro-oro Ombo';
const KK = '3579012003150004';
interface Person {
  name: string;
  nik: string;
  sex: 'Laki-laki' | 'Perempuan';
  birthDate: string;
  relationship: string;
}
// NIK: 3579 01 DDMMYY SSSS (kecamatan Batu); women have day + 40.
const MEMBERS: readonly Person[] = [
  {
    name: 'Slamet Riyadi',
    nik: '3579011203800001',
    sex: 'Laki-laki',
    birthDate: '1980-03-12',
    relationship: 'Kepala Keluarga',
  },
  {
    name: 'Siti Aminah',
    nik: '3579015507830002',
    sex: 'Perempuan',
    birthDate: '1983-07-15',
    relationship: 'Istri',
  },
  {
    name: 'Dewi Lestari',
    nik: '3579015408120003',
    sex: 'Perempuan',
    birthDate: '2012-08-14',
    relationship: 'Anak',
  },
  {
    // The NIK says 04-11-2015; the birth certificate (typed below) says 05-11-2015.
    name: 'Rina Wulandari',
    nik: '3579014411150004',
    sex: 'Perempuan',
    birthDate: '2015-11-05',
    relationship: 'Anak',
  },
];
/** Day 40 is no one's birthday: neither a man's (01-31) nor a woman's (41-71). */
const IMPOSSIBLE_NIK = '3579014005800003';
const [HEAD, WIFE, CHILD, CHILD_SD] = MEMBERS as [Person, Person, Person, Person];

const COMPLAINT = {
  subject: 'Bantuan PKH tahap pertama belum masuk rekening KKS',
  resolution:
    'Dicek ke bank penyalur: dana sudah masuk rekening KKS pada tanggal penyaluran; KPM diberi tahu lewat WhatsApp.',
};
const VERIFICATION_REASON = 'Rumah menumpang, lantai semen, penghasilan di bawah UMK';

const host = useWebHost(async (h) => {
  await initialize(h);
});

/** The family's page, #/keluarga/<id>, once registered. */
let householdUrl = '';

const MEMBER_ROW_WARNING = 'berbeda dengan yang tersirat di NIK';

function member(page: Page, n: number): Locator {
  return page.getByRole('group', { name: `Anggota ${n}`, exact: true });
}

/** The .field that holds this input: its label, hint, warning and error. */
function fieldOf(input: Locator): Locator {
  return input.locator('xpath=ancestor::div[contains(concat(" ", @class, " "), " field ")][1]');
}

async function fillMember(page: Page, n: number, m: Person, nik: string = m.nik) {
  const group = member(page, n);
  await group.getByLabel('NIK', { exact: true }).fill(nik);
  await group.getByLabel('Nama (wajib)', { exact: true }).fill(m.name);
  await group.getByLabel('Jenis kelamin').selectOption({ label: m.sex });
  await group.getByLabel('Tanggal lahir').fill(m.birthDate);
  await group.getByLabel('Hubungan').selectOption({ label: m.relationship });
}

/** First login of an account made by the admin: the temporary password must be changed. */
async function firstLogin(
  page: Page,
  user: { username: string; fullName: string; temporaryPassword: string; password: string },
) {
  await submitLogin(page, user.username, user.temporaryPassword);
  await expect(page.getByRole('heading', { name: 'Ganti kata sandi' })).toBeVisible();
  await page.getByLabel('Kata sandi saat ini').fill(user.temporaryPassword);
  await page.getByLabel('Kata sandi baru', { exact: true }).fill(user.password);
  await page.getByLabel('Ulangi kata sandi baru').fill(user.password);
  await page.getByRole('button', { name: 'Ganti kata sandi' }).click();
  await expectAppFrame(page, user.fullName);
}

async function logout(page: Page) {
  await page.getByRole('button', { name: 'Keluar', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Masuk', exact: true })).toBeVisible();
}

async function openHousehold(page: Page) {
  expect(householdUrl, 'the family was not registered by an earlier test').not.toBe('');
  await page.goto(householdUrl);
  await expect(page.getByRole('heading', { name: HEAD.name, level: 1 })).toBeVisible();
}

/** A card on the household page, by its heading. */
function card(page: Page, heading: string | RegExp): Locator {
  return page
    .locator('section.card')
    .filter({ has: page.getByRole('heading', { name: heading, level: 2, exact: true }) });
}

test('the admin makes an officer and a manager; the admin cannot register families', async ({ page }) => {
  await openApp(page, host);
  await loginAs(page, ADMIN);
  // Making staff accounts is setup here (the users page has its own spec).
  for (const [user, role] of [
    [OFFICER, 'officer'],
    [MANAGER, 'manager'],
  ] as const) {
    expect(
      await invokeInPage(page, 'users.create', {
        username: user.username,
        fullName: user.fullName,
        role,
        area: { kecamatan: [], desa: [] },
        temporaryPassword: user.temporaryPassword,
      }),
    ).toMatchObject({ ok: true });
  }

  await mainNav(page).getByRole('link', { name: 'Keluarga & Individu', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Keluarga & Individu', level: 1 })).toBeVisible();
  await expect(page.getByText('Belum ada keluarga yang cocok')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Daftarkan keluarga baru' })).toHaveCount(0);
  // Typing the address shows why at once, with no form to fill in vain.
  await page.goto(`${host.url}/#/keluarga/baru`);
  await expect(page.getByRole('heading', { name: 'Daftarkan keluarga baru', level: 1 })).toBeVisible();
  await expect(
    page.getByRole('status').filter({ hasText: 'tidak dapat mendaftarkan keluarga' }),
  ).toContainText('Petugas atau Operator Data');
  await expect(page.getByLabel('No. KK')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Simpan keluarga' })).toHaveCount(0);
  await screenshot(page, 'registry-new-household-admin');
  // And the server refuses the save anyway.
  expect(
    await invokeInPage(page, 'households.create', {
      household: { kkNumber: KK, desaCode: '35.79.01.2006' },
      members: [
        {
          nik: HEAD.nik,
          name: HEAD.name,
          sex: 'L',
          birthDate: HEAD.birthDate,
          relationship: 'kepala_keluarga',
        },
      ],
    }),
  ).toMatchObject({
    ok: false,
    error: { code: 'FORBIDDEN', message: expect.stringContaining('mengubah data keluarga') },
  });
  await page.getByRole('link', { name: '← Kembali ke daftar' }).click();
  await expect(page).toHaveURL(/#\/keluarga$/);
  await logout(page);
});

test('the officer registers a family of four: an impossible NIK is refused, a NIK that disagrees with the birth date is kept with a warning', async ({
  page,
}) => {
  await openApp(page, host);
  await firstLogin(page, OFFICER);

  await test.step('open the form from the registry', async () => {
    await mainNav(page).getByRole('link', { name: 'Keluarga & Individu', exact: true }).click();
    await page.getByRole('link', { name: 'Daftarkan keluarga baru' }).click();
    await expect(page).toHaveURL(/#\/keluarga\/baru$/);
    await expect(page.getByRole('heading', { name: 'Daftarkan keluarga baru', level: 1 })).toBeVisible();
    await expect(member(page, 1)).toBeVisible();
    await expect(member(page, 2)).toHaveCount(0);
  });

  await test.step('fill the family and four members (Alt+A and the button add rows)', async () => {
    await page.getByLabel('No. KK').fill(KK);
    await page.getByLabel('Desa/Kelurahan').selectOption({ label: `Desa ${DESA}` });
    await page.getByLabel('Dusun').fill('Krajan');
    await page.getByLabel('RT', { exact: true }).fill('3');
    await page.getByLabel('RW', { exact: true }).fill('5');
    await page.getByLabel('Alamat (jalan, nomor)').fill('Jl. Raya Oro-oro Ombo No. 12');
    await fillMember(page, 1, HEAD);

    await page.keyboard.press('Alt+a');
    await expect(member(page, 2)).toBeVisible();
    // The new row takes the focus, ready to type its NIK.
    await expect(member(page, 2).getByLabel('NIK', { exact: true })).toBeFocused();
    await expect(member(page, 2).getByLabel('Hubungan')).toHaveValue('istri');
    await fillMember(page, 2, WIFE);

    await page.keyboard.press('Alt+a');
    await expect(member(page, 3)).toBeVisible();
    await fillMember(page, 3, CHILD, IMPOSSIBLE_NIK);

    await page.getByRole('button', { name: /Tambah anggota/ }).click();
    await expect(member(page, 4)).toBeVisible();
    await expect(member(page, 4).getByLabel('NIK', { exact: true })).toBeFocused();
    await fillMember(page, 4, CHILD_SD);
    await expect(page.locator('fieldset[data-member]')).toHaveCount(4);
  });

  const nik3 = member(page, 3).getByLabel('NIK', { exact: true });
  const nik4 = member(page, 4).getByLabel('NIK', { exact: true });

  await test.step('saving with the impossible NIK is refused, the reason next to that NIK', async () => {
    const answered = apiAnswer(page, 'households.create');
    await page.getByRole('button', { name: 'Simpan keluarga' }).click();
    const answer = (await (await answered).json()) as {
      ok: boolean;
      error?: { code: string; fields?: { path: string }[] };
    };
    expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(answer.error?.fields?.map((f) => f.path)).toEqual(['members.2.nik']);

    await expect(page).toHaveURL(/#\/keluarga\/baru$/);
    await expect(page.getByRole('alert').filter({ hasText: '1 isian perlu diperbaiki' })).toBeVisible();
    await expect(nik3).toHaveAttribute('aria-invalid', 'true');
    await expect(nik3).toBeFocused();
    const error3 = fieldOf(nik3).getByRole('alert');
    await expect(error3).toContainText('bukan tanggal lahir');
    await expect(error3).toContainText('(40)');
    // The only field in trouble; the others keep what was typed.
    await expect(page.locator('[aria-invalid="true"]')).toHaveCount(1);
    await expect(member(page, 1).getByLabel('Nama (wajib)', { exact: true })).toHaveValue(HEAD.name);
    // Member 4's NIK is usable; the disagreement with the birth date is only a warning.
    await expect(fieldOf(nik4).locator('.warning')).toContainText(MEMBER_ROW_WARNING);
    await expect(nik4).not.toHaveAttribute('aria-invalid', 'true');
    await screenshotWholePage(page, 'registry-new-household-invalid-nik');
  });

  await test.step('fix the NIK', async () => {
    await nik3.fill(CHILD.nik);
    await expect(nik3).toHaveValue(CHILD.nik);
    // Whether the refusal's message goes away at once is checked in the last test of this file.
  });

  await test.step('saving succeeds; the family page shows the warning on member 4', async () => {
    const answered = apiAnswer(page, 'households.create');
    await page.getByRole('button', { name: 'Simpan keluarga' }).click();
    expect(await (await answered).json()).toMatchObject({ ok: true });
    await expect(page).toHaveURL(/#\/keluarga\/[0-9a-f-]{36}$/);
    householdUrl = page.url();
    await expect(page.getByRole('heading', { name: HEAD.name, level: 1 })).toBeVisible();
    await expect(page.getByText(`KK ${KK}`)).toBeVisible();
    await expect(page.getByText(`${DESA}, Batu`)).toBeVisible();

    const saved = page.getByRole('status').filter({ hasText: 'Keluarga tersimpan, dengan catatan berikut:' });
    await expect(saved).toBeVisible();
    await expect(saved.getByRole('listitem')).toHaveCount(1);
    await expect(saved).toContainText(
      'Tanggal lahir (05-11-2015) berbeda dengan yang tersirat di NIK (04-11-2015)',
    );

    const members = card(page, /^Anggota \(\d+\)$/);
    await expect(members.getByRole('heading', { name: 'Anggota (4)' })).toBeVisible();
    const rows = members.locator('tbody tr');
    await expect(rows).toHaveCount(4);
    for (const [i, m] of MEMBERS.entries()) {
      await expect(rows.nth(i)).toContainText(m.name);
      await expect(rows.nth(i)).toContainText(m.nik);
      await expect(rows.nth(i)).toContainText(m.relationship);
    }
    await expect(rows.nth(3).locator('.warning-text')).toContainText(MEMBER_ROW_WARNING);
    await expect(rows.nth(3)).toContainText('5 November 2015');
    await expect(members.locator('.warning-text')).toHaveCount(1);
    await screenshotWholePage(page, 'registry-household-saved');
  });

  await test.step('the refused attempt saved nothing: one family in the list', async () => {
    await page.getByRole('link', { name: '← Kembali ke daftar' }).click();
    await expect(page.getByText('Menampilkan 1 dari 1 keluarga')).toBeVisible();
    const row = page.locator('.vtable-row');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(KK);
    await expect(row).toContainText(HEAD.name);
    await expect(row).toContainText(DESA);
  });

  await test.step("a piece of the head's name finds the family; a name no one has finds none", async () => {
    const search = page.getByLabel('Cari NIK, No. KK atau nama');
    await search.fill('Yohanes');
    await expect(page.getByText('Belum ada keluarga yang cocok')).toBeVisible();
    await search.fill(HEAD.name.split(' ')[1]!.slice(1, 5));
    await expect(page.getByText('Menampilkan 1 dari 1 keluarga')).toBeVisible();
    await expect(page.locator('.vtable-row')).toContainText(KK);
    const original = page.viewportSize()!;
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.locator('.vtable-row').scrollIntoViewIfNeeded();
    // Every column of the list, the last (Program) included, is whole on the offices' screens.
    const table = (await page.locator('.vtable').boundingBox())!;
    const headers = page.locator('.vtable-head [role="columnheader"]');
    for (const header of await headers.all()) {
      const box = (await header.boundingBox())!;
      expect(box.x + box.width, await header.innerText()).toBeLessThanOrEqual(table.x + table.width);
      expect(await header.evaluate((el) => el.scrollWidth <= el.clientWidth), await header.innerText()).toBe(
        true,
      );
    }
    await screenshot(page, 'registry-list-name-search');
    await page.setViewportSize(original);
    await search.fill('');
  });
});

test('the officer enrols the family in PKH (component Anak SD, for the child)', async ({ page }) => {
  await openApp(page, host);
  await loginAs(page, OFFICER);
  await openHousehold(page);
  const programs = card(page, 'Program');
  await expect(programs).toContainText('Belum terdaftar di program apa pun.');

  await programs.getByRole('button', { name: /Daftarkan ke program/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Daftarkan ke program' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Program', { exact: true }).selectOption({ label: 'Program Keluarga Harapan' });
  // PKH has several components: one must be chosen, and the member it is for.
  await dialog.getByRole('button', { name: 'Daftarkan', exact: true }).click();
  await expect(fieldOf(dialog.getByLabel('Komponen')).getByRole('alert')).toContainText('Wajib dipilih');
  await dialog.getByLabel('Komponen').selectOption({ label: 'Anak SD (Rp900.000 per tahun)' });
  await dialog.getByLabel('Anggota keluarga').selectOption({ label: CHILD_SD.name });
  await dialog.getByRole('radio', { name: 'Aktif (langsung menerima)' }).check();
  await screenshot(page, 'registry-enrol-dialog');
  const answered = apiAnswer(page, 'enrolments.create');
  await dialog.getByRole('button', { name: 'Daftarkan', exact: true }).click();
  expect(await (await answered).json()).toMatchObject({ ok: true, value: { warnings: [] } });
  await expect(dialog).toHaveCount(0);

  const row = programs.locator('tbody tr');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Program Keluarga Harapan · Anak SD');
  await expect(row).toContainText(CHILD_SD.name);
  await expect(row.locator('.badge')).toHaveText('Aktif');
  await expect(row).toContainText('sejak');
  await screenshotWholePage(page, 'registry-enrolled');
});

test('verification: the officer visits and submits "layak"; the manager approves', async ({ page }) => {
  await openApp(page, host);
  await loginAs(page, OFFICER);

  await test.step('a worklist of every family in the desa', async () => {
    await mainNav(page).getByRole('link', { name: 'Verifikasi', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Verifikasi', level: 1 })).toBeVisible();
    await expect(page.getByText('Daftar verifikasi kosong')).toBeVisible();
    await page.getByLabel('Desa/Kelurahan').selectOption({ label: `Desa ${DESA}` });
    await page.getByLabel('Sumber daftar').selectOption({ label: 'Seluruh daftar' });
    await page.getByRole('button', { name: `Buat daftar: ${DESA}` }).click();
    await expect(
      page.getByRole('status').filter({ hasText: `${DESA}: 1 keluarga ditambahkan ke daftar verifikasi` }),
    ).toBeVisible();
    const row = page.locator('table.data tbody tr');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(HEAD.name);
    await expect(row).toContainText(`KK ${KK}`);
    await expect(row).toContainText('Seluruh daftar');
    await expect(row).toContainText('Belum diverifikasi');
    await expect(row).toContainText('Belum dikunjungi');
    await screenshotWholePage(page, 'verification-worklist');
    await page.getByRole('link', { name: `Buka: ${HEAD.name}` }).click();
  });

  await test.step('record the field visit', async () => {
    await expect(page.getByRole('heading', { name: `Verifikasi keluarga ${HEAD.name}` })).toBeVisible();
    const visit = card(page, 'Kunjungan lapangan');
    // The visit date starts at today.
    await expect(visit.getByLabel('Tanggal kunjungan')).not.toHaveValue('');
    await visit.getByLabel('Status kepemilikan rumah').selectOption({ label: 'Bebas sewa (menumpang)' });
    await visit.getByLabel('Luas lantai (m²)').fill('36');
    await visit.getByLabel('Jenis lantai terluas').selectOption({ label: 'Semen/bata merah' });
    await visit.getByLabel('Jenis dinding terluas').selectOption({ label: 'Anyaman bambu' });
    await visit.getByLabel('Jenis atap terluas').selectOption({ label: 'Seng' });
    await visit.getByLabel('Sumber air minum').selectOption({ label: 'Sumur terlindung' });
    await visit.getByLabel('Sumber penerangan').selectOption({ label: 'Listrik PLN 450 VA' });
    await visit.getByLabel('Fasilitas buang air besar').selectOption({ label: 'Bersama rumah tangga lain' });
    await visit.getByLabel('Penghasilan per bulan (Rp)').fill('1.200.000');
    await visit.getByLabel('Sepeda motor').check();
    await visit
      .getByLabel('Temuan lapangan')
      .fill('Kepala keluarga buruh tani harian; dua anak sekolah (SMP dan SD). Data sesuai KK.');
    await expect(visit.getByText('Ada perubahan yang belum disimpan.')).toBeVisible();
    const saved = apiAnswer(page, 'verification.saveVisit');
    await visit.getByRole('button', { name: 'Simpan kunjungan' }).click();
    expect(await (await saved).json()).toMatchObject({ ok: true });
    await expect(visit.getByText(/Kunjungan tersimpan/)).toBeVisible();
    await expect(page.locator('.badge').filter({ hasText: 'Sedang ditinjau' })).toBeVisible();
    await screenshotWholePage(page, 'verification-visit');
  });

  await test.step('submit the outcome "layak" with a reason', async () => {
    const submitCard = card(page, 'Ajukan hasil');
    await submitCard.getByRole('radio', { name: /^Layak/ }).check();
    await submitCard.getByLabel('Alasan').fill(VERIFICATION_REASON);
    await submitCard.getByRole('button', { name: 'Ajukan hasil' }).click();
    await expect(page.getByText(/menunggu persetujuan manajer/)).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: VERIFICATION_REASON })).toBeVisible();
    // The submitter cannot approve their own result: no approval here, and the form is locked.
    await expect(page.getByRole('button', { name: /Setujui/ })).toHaveCount(0);
    await expect(card(page, 'Ajukan hasil')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Simpan kunjungan' })).toHaveCount(0);
    await screenshotWholePage(page, 'verification-submitted');
    await logout(page);
  });

  await test.step('the manager approves it', async () => {
    await firstLogin(page, MANAGER);
    await mainNav(page).getByRole('link', { name: 'Verifikasi', exact: true }).click();
    await page.getByRole('tab', { name: 'Menunggu persetujuan (1)' }).click();
    const row = page.locator('table.data tbody tr');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(HEAD.name);
    await expect(row).toContainText('Layak');
    await expect(row).toContainText(VERIFICATION_REASON);
    await page.getByRole('link', { name: `Periksa: ${HEAD.name}` }).click();

    const approval = card(page, 'Persetujuan');
    await expect(approval).toContainText('Layak');
    await expect(approval).toContainText(VERIFICATION_REASON);
    // The manager sees what was recorded on the visit.
    await expect(card(page, 'Kunjungan lapangan')).toContainText('Bebas sewa (menumpang)');
    await screenshotWholePage(page, 'verification-approval');
    await approval.getByRole('button', { name: /Setujui/ }).click();
    const confirm = page.getByRole('dialog', { name: 'Setujui hasil verifikasi?' });
    await expect(confirm).toContainText(`Hasil "Layak" untuk keluarga ${HEAD.name}`);
    await confirm.getByRole('button', { name: 'Ya, setujui' }).click();
    await expect(confirm).toHaveCount(0);
    await expect(page.getByRole('status').filter({ hasText: /Disetujui .*Hasil: Layak/ })).toBeVisible();
    await expect(page.locator('.badge').filter({ hasText: 'Terverifikasi' })).toBeVisible();
    await expect(card(page, 'Persetujuan')).toHaveCount(0);
    await screenshotWholePage(page, 'verification-approved');
  });
});

test('disbursement: the officer opens a PKH period and marks the family paid', async ({ page }) => {
  await openApp(page, host);
  await loginAs(page, OFFICER);
  const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric' }).format(
    new Date(),
  );

  await test.step('open the period January–March of this year', async () => {
    await mainNav(page).getByRole('link', { name: 'Penyaluran', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Penyaluran', level: 1 })).toBeVisible();
    await page.getByRole('button', { name: 'Buka periode', exact: true }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Buka periode penyaluran' });
    await dialog.getByLabel('Program', { exact: true }).selectOption({ label: 'Program Keluarga Harapan' });
    await expect(dialog).toContainText('Peserta terdaftar saat ini: 1');
    await expect(dialog.getByLabel('Tahun')).toHaveValue(year);
    await dialog.getByLabel('Bulan mulai').selectOption({ label: 'Januari' });
    await dialog.getByLabel('Jumlah bulan').selectOption({ label: '3 bulan' });
    await expect(dialog).toContainText('Anak SD: Rp225.000');
    await screenshot(page, 'disbursement-open-period');
    await dialog.getByRole('button', { name: 'Buka periode dan bekukan daftar' }).click();
    await expect(dialog).toHaveCount(0);
  });

  const label = `Januari–Maret ${year}`;
  const row = page.locator('.vtable-row').filter({ hasText: WIFE.name });

  await test.step('the frozen list holds the family, paid to the mother', async () => {
    await expect(page).toHaveURL(/#\/penyaluran\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { name: label, level: 1 })).toBeVisible();
    await expect(page.locator('.vtable-row')).toHaveCount(1);
    await expect(row).toContainText(WIFE.nik);
    await expect(row).toContainText(DESA);
    await expect(row).toContainText('Rp225.000');
    await expect(row).toContainText('Bank (KKS)');
    await expect(row).toContainText('Belum tersalurkan');
  });

  await test.step('select the row and mark it paid', async () => {
    await row.getByRole('checkbox', { name: 'Pilih baris ini' }).check();
    await expect(page.getByText('1 penerima dipilih (Rp225.000)')).toBeVisible();
    await page.getByRole('button', { name: 'Tandai tersalurkan' }).click();
    const dialog = page.getByRole('dialog', { name: 'Tandai tersalurkan' });
    await expect(dialog).toContainText('Untuk 1 penerima yang dipilih, jumlah Rp225.000.');
    await expect(dialog.getByLabel('Tanggal penyaluran')).not.toHaveValue('');
    await dialog.getByLabel('Nomor bukti (boleh dikosongkan)').fill('BA-PKH-001');
    await dialog.getByRole('button', { name: 'Simpan perubahan' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(
      page.getByRole('status').filter({ hasText: '1 penerima ditandai "Tersalurkan".' }),
    ).toBeVisible();
    await expect(row).toContainText('Tersalurkan');
    await expect(row).not.toContainText('Belum tersalurkan');
    await expect(row).toContainText('BA-PKH-001');
    await screenshotWholePage(page, 'disbursement-paid');
  });
});

test('complaint: recorded from the household page, then resolved', async ({ page }) => {
  await openApp(page, host);
  await loginAs(page, OFFICER);
  await openHousehold(page);
  const complaints = card(page, 'Pengaduan');
  await expect(complaints).toContainText('Tidak ada pengaduan.');

  await test.step('record it', async () => {
    await complaints.getByRole('button', { name: /Catat pengaduan/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Pengaduan baru' });
    await expect(dialog).toContainText('Pengaduan ini dicatat untuk keluarga yang sedang dibuka.');
    await dialog.getByRole('radio', { name: /^Keluhan/ }).check();
    await dialog.getByLabel('Diterima melalui').selectOption({ label: 'WhatsApp' });
    await dialog.getByLabel('Nama pelapor').fill(WIFE.name);
    await dialog.getByLabel('Kontak pelapor (boleh dikosongkan)').fill('0812-3456-7890');
    await dialog.getByLabel('Pokok pengaduan').fill(COMPLAINT.subject);
    await dialog
      .getByLabel('Uraian (boleh dikosongkan)')
      .fill('Saldo KKS belum bertambah saat dicek di agen BRILink.');
    await screenshot(page, 'complaint-new');
    await dialog.getByRole('button', { name: 'Simpan pengaduan' }).click();
    await expect(dialog).toHaveCount(0);
    const item = complaints.getByRole('listitem');
    await expect(item).toHaveCount(1);
    await expect(item).toContainText(COMPLAINT.subject);
    await expect(item.locator('.badge')).toHaveText('Diterima');
  });

  await test.step('resolve it', async () => {
    await complaints.getByRole('link', { name: COMPLAINT.subject }).click();
    await expect(page).toHaveURL(/#\/kasus\/pengaduan\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('heading', { name: COMPLAINT.subject })).toBeVisible();
    const update = card(page, 'Tindak lanjut');
    await update.getByLabel('Status').selectOption({ label: 'Selesai' });
    await update.getByLabel('Tindak lanjut / penyelesaian').fill(COMPLAINT.resolution);
    await update.getByRole('button', { name: 'Simpan tindak lanjut' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Tindak lanjut tersimpan.' })).toBeVisible();
    const detail = card(page, COMPLAINT.subject);
    await expect(detail.locator('.badge').filter({ hasText: 'Selesai' })).toBeVisible();
    await expect(detail).toContainText(COMPLAINT.resolution);
    await expect(detail).toContainText('Diselesaikan');
    await screenshotWholePage(page, 'complaint-resolved');
    await page.getByRole('link', { name: `Keluarga ${HEAD.name}` }).click();
    await expect(page.getByRole('heading', { name: HEAD.name, level: 1 })).toBeVisible();
  });
});

test('the household page shows all of it', async ({ page }) => {
  await openApp(page, host);
  await loginAs(page, OFFICER);
  await mainNav(page).getByRole('link', { name: 'Keluarga & Individu', exact: true }).click();
  await page.locator('.vtable-row').filter({ hasText: KK }).click();
  await expect(page.getByRole('heading', { name: HEAD.name, level: 1 })).toBeVisible();
  expect(page.url()).toBe(householdUrl);

  const members = card(page, 'Anggota (4)').locator('tbody tr');
  await expect(members).toHaveCount(4);
  await expect(members.filter({ hasText: CHILD_SD.name }).locator('.warning-text')).toContainText(
    MEMBER_ROW_WARNING,
  );

  const enrolment = card(page, 'Program').locator('tbody tr');
  await expect(enrolment).toHaveCount(1);
  await expect(enrolment).toContainText('Program Keluarga Harapan · Anak SD');
  await expect(enrolment).toContainText('Aktif');

  const verification = card(page, 'Verifikasi').locator('tbody tr');
  await expect(verification).toHaveCount(1);
  await expect(verification).toContainText('Seluruh daftar');
  await expect(verification).toContainText('Terverifikasi');
  await expect(verification).toContainText('Layak');

  const payment = card(page, 'Penyaluran').locator('tbody tr');
  await expect(payment).toHaveCount(1);
  await expect(payment).toContainText('Program Keluarga Harapan · Januari–Maret');
  await expect(payment).toContainText(WIFE.name);
  await expect(payment).toContainText('Rp225.000');
  await expect(payment.locator('.badge')).toHaveText('Tersalurkan');

  const complaint = card(page, 'Pengaduan').getByRole('listitem');
  await expect(complaint).toHaveCount(1);
  await expect(complaint).toContainText(COMPLAINT.subject);
  await expect(complaint.locator('.badge')).toHaveText('Selesai');

  const history = card(page, 'Riwayat perubahan');
  for (const entry of [
    'Keluarga didaftarkan',
    'Didaftarkan ke program',
    'Masuk daftar verifikasi',
    'Kunjungan lapangan dicatat',
    'Hasil verifikasi diajukan',
    'Hasil verifikasi diputuskan',
    'Status penyaluran diubah',
    'Pengaduan diterima',
    'Pengaduan diperbarui',
  ]) {
    await expect(history.getByRole('listitem').filter({ hasText: entry }).first(), entry).toBeVisible();
  }
  await expect(
    history.getByRole('listitem').filter({ hasText: 'Hasil verifikasi diputuskan' }),
  ).toContainText(MANAGER.username);
  await expect(
    history.getByRole('listitem').filter({ hasText: 'Keluarga didaftarkan' }).first(),
  ).toContainText(OFFICER.username);
  await screenshotWholePage(page, 'registry-household-complete');
});

/*
 * Details the scenario above steps over, checked last and softly so that each is always reported
 * and none stops the scenario (the tests of a file run in series).
 */
test('a corrected NIK loses the refusal message at once; the history shows a registration once, in words', async ({
  page,
}) => {
  await openApp(page, host);
  await loginAs(page, OFFICER);

  await test.step('the refusal message goes when the NIK is corrected', async () => {
    await page.goto(`${host.url}/#/keluarga/baru`);
    await expect(page.getByRole('heading', { name: 'Daftarkan keluarga baru', level: 1 })).toBeVisible();
    await page.getByLabel('No. KK').fill('3579012003150005');
    await page.getByLabel('Desa/Kelurahan').selectOption({ label: `Desa ${DESA}` });
    const person = {
      name: 'Sumiati',
      nik: '3579015002700005',
      sex: 'Perempuan',
      birthDate: '1970-02-10',
      relationship: 'Kepala Keluarga',
    } satisfies Person;
    await fillMember(page, 1, person, IMPOSSIBLE_NIK);
    const nik = member(page, 1).getByLabel('NIK', { exact: true });
    const message = fieldOf(nik).getByRole('alert');
    // While typing, the form already says what is wrong; the server says the same on saving.
    await expect(message).toContainText('(40) bukan tanggal lahir');
    const answered = apiAnswer(page, 'households.create');
    await page.getByRole('button', { name: 'Simpan keluarga' }).click();
    expect(await (await answered).json()).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    await expect(message).toContainText('(40) bukan tanggal lahir');

    await nik.fill(person.nik);
    await expect(nik).toHaveValue(person.nik);
    // The live check finds nothing wrong with the new NIK; the refusal was about "(40)", which
    // is no longer in the field, so nothing should still say so.
    await expect.soft(message, 'stale refusal next to the corrected NIK').toHaveCount(0);
    await expect.soft(nik).not.toHaveAttribute('aria-invalid', 'true');
    await screenshotWholePage(page, 'registry-new-household-corrected-nik');
  });

  await test.step('one history line for the registration', async () => {
    // The form still holds the unsaved family: leaving it is asked about first.
    await mainNav(page).getByRole('link', { name: 'Beranda', exact: true }).click();
    await page
      .getByRole('dialog', { name: 'Ada isian yang belum disimpan' })
      .getByRole('button', { name: /Tinggalkan/ })
      .click();
    await openHousehold(page);
    const history = card(page, 'Riwayat perubahan');
    await expect(history.getByRole('listitem').first()).toBeVisible();
    // "One use case writes several rows; show one line per action and moment" (householdPage.ts).
    await expect
      .soft(history.getByRole('listitem').filter({ hasText: 'Keluarga didaftarkan' }), 'registration lines')
      .toHaveCount(1);
    // Every line in words: opening a disbursement period must not show its internal action code.
    await expect.soft(history, 'untranslated history line').not.toContainText('disbursement.list');
  });
});

test('Pisah KK: the dialog says which members move, and the new family gets them', async ({ page }) => {
  await openApp(page, host);
  await loginAs(page, OFFICER);
  await openHousehold(page);
  await page.getByRole('button', { name: 'Pisah KK' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Pisah KK' }).click();
  // Before: the only message was about the members, and it was shown nowhere.
  const members = dialog.getByRole('group', { name: 'Anggota yang pindah ke KK baru' });
  await expect(members.getByRole('alert')).toHaveText('Centang anggota yang pindah ke KK baru.');
  await expect(dialog.getByLabel('Kepala keluarga baru')).toHaveAttribute('aria-invalid', 'true');
  await members.scrollIntoViewIfNeeded();
  await screenshot(page, 'registry-split-dialog');
  await members.getByLabel(CHILD.name).check();
  await expect(members.getByRole('alert')).toHaveCount(0);
  await dialog.getByLabel('Kepala keluarga baru').selectOption({ label: CHILD.name });
  await dialog.getByLabel('No. KK').fill('3579012003150006');
  await dialog.getByLabel('Desa/Kelurahan').selectOption({ label: `Desa ${DESA}` });
  await dialog.getByLabel('Alasan').fill('Menikah dan membuat KK sendiri');
  await dialog.getByRole('button', { name: 'Pisah KK' }).click();
  await expect(page.getByRole('heading', { name: CHILD.name, level: 1 })).toBeVisible();
});
