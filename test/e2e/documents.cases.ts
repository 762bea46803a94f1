// The demo's documents over HTTP (DESIGN.md section 4, "Documents"; section 4a), one suite for every
// database the demo runs on. Threats: a list that shows or counts rows the caller may not read; a
// refusal that tells a stranger a document exists; a query parameter or body field that widens what
// the caller reaches; a title that is read as SQL.
import { randomUUID } from 'node:crypto';
import { uniqueTag } from '@stepgate/auth/testing';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoUnderTest, signIn } from './support/demo-app';
import { bearer, expectFieldError, expectProblem } from './support/problem';
import { removeTaggedUsers } from './support/tagged-users';

type User = 'alice' | 'bob' | 'carol' | 'admin';
const USERS: readonly User[] = ['alice', 'bob', 'carol', 'admin'];
const ALL = ['read', 'update', 'delete'];

interface DocumentBody {
  id: string;
  title: string;
  owner_id: string;
  department: string | null;
  created_at: string;
  permitted_actions: string[];
}

/** Newest first, the id breaking ties of one millisecond: the order every page is cut from. */
const newestFirst = (a: DocumentBody, b: DocumentBody) => b.created_at.localeCompare(a.created_at) || b.id.localeCompare(a.id);

/**
 * `boot` starts a demo whose documents table is empty and whose demo users are seeded; the suite
 * closes it. Documents a test adds beyond the fixture it deletes again, so every list is exact.
 */
export function documentsOverHttp(name: string, boot: () => Promise<DemoUnderTest>): void {
  describe(name, () => {
    let demo: DemoUnderTest;
    const tokens = {} as Record<User, string>;
    const ids = {} as Record<User, string>;
    const fixture = {} as Record<'alicePlan' | 'aliceNotes' | 'bobDraft' | 'carolPitch' | 'adminMemo', Response>;
    const tag = uniqueTag();

    const post = (user: User, body: unknown) => demo.http.post('/demo/documents').set(bearer(tokens[user])).send(body as object);
    const list = (user: User, query = '') => demo.http.get(`/demo/documents${query}`).set(bearer(tokens[user]));
    const read = (user: User, id: string) => demo.http.get(`/demo/documents/${id}`).set(bearer(tokens[user]));
    const remove = (user: User, id: string) => demo.http.delete(`/demo/documents/${id}`).set(bearer(tokens[user]));
    const created = async (user: User, title: string): Promise<DocumentBody> => {
      const response = await post(user, { title });
      expect(response.status).toBe(201);
      return response.body;
    };
    /** A fixture document as `user` should see it listed. */
    const seenBy = (document: Response, actions: string[]) => ({ ...(document.body as DocumentBody), permitted_actions: actions });

    beforeAll(async () => {
      demo = await boot();
      for (const user of USERS) {
        const session = await signIn(demo, user);
        tokens[user] = session.access_token;
        ids[user] = session.user.id;
      }
      // One after the other, so newest-first has one answer.
      fixture.alicePlan = await post('alice', { title: 'Alice plan' });
      fixture.aliceNotes = await post('alice', { title: 'Alice notes' });
      fixture.bobDraft = await post('bob', { title: 'Bob draft' });
      fixture.carolPitch = await post('carol', { title: 'Carol pitch' });
      fixture.adminMemo = await post('admin', { title: 'Admin memo' });
    });
    afterAll(async () => {
      await removeTaggedUsers(demo, tag);
      await demo?.close();
    });

    describe('POST /demo/documents', () => {
      it('answers 201 with the document: the caller owns it, it is in their department, and they may do everything with it', async () => {
        const expected: Array<[keyof typeof fixture, User, string, string]> = [
          ['alicePlan', 'alice', 'Alice plan', 'research'],
          ['bobDraft', 'bob', 'Bob draft', 'research'],
          ['carolPitch', 'carol', 'Carol pitch', 'sales'],
          ['adminMemo', 'admin', 'Admin memo', 'it'],
        ];
        for (const [key, owner, title, department] of expected) {
          const response = fixture[key];
          expect(response.status).toBe(201);
          expect(response.headers['cache-control']).toBe('no-store');
          expect(response.body).toStrictEqual({
            id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
            title,
            owner_id: ids[owner],
            department,
            created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
            permitted_actions: ALL,
          });
          expect((await read(owner, response.body.id)).body).toStrictEqual(response.body);
        }
      });

      it('takes no owner or department from the body: naming either is refused and creates nothing', async () => {
        expectFieldError(await post('carol', { title: 'Planted', owner_id: ids.alice }), 'owner_id');
        expectFieldError(await post('carol', { title: 'Planted', department: 'research' }), 'department');
        expect((await list('alice')).body.total).toBe(3);
        expect((await list('carol')).body.total).toBe(1);
      });

      // A lone surrogate would come back as U+FFFD: the title stored would not be the one answered.
      it('refuses a title that is missing, not a string, only white space, over 200 characters, holding NUL or a lone surrogate', async () => {
        for (const body of [{}, { title: 42 }, { title: '' }, { title: ' \t\n\u00a0\u3000\ufeff' }, { title: 'x'.repeat(201) }, { title: 'a\u0000b' }, { title: 'a\ud800b' }, { title: ['a'] }]) {
          expectFieldError(await post('alice', body), 'title');
        }
        expect((await list('alice')).body.total).toBe(3);
      });

      it('stores the title trimmed, and takes 200 characters (counted as characters, not UTF-16 units)', async () => {
        const spaced = await created('alice', '  Spaced out \n');
        expect(spaced.title).toBe('Spaced out');
        const longest = await created('alice', '😀'.repeat(200));
        expect((await read('alice', longest.id)).body.title).toBe('😀'.repeat(200));
        for (const { id } of [spaced, longest]) expect((await remove('alice', id)).status).toBe(204);
      });

      it('needs a signed-in caller', async () => {
        expectProblem(await demo.http.post('/demo/documents').send({ title: 'Anonymous' }), 401, 'UNAUTHENTICATED');
      });
    });

    describe('GET /demo/documents', () => {
      it('lists exactly what each caller may read, newest first, each with what they may do with it', async () => {
        const { alicePlan, aliceNotes, bobDraft, carolPitch, adminMemo } = fixture;
        const expected: Record<User, ReturnType<typeof seenBy>[]> = {
          alice: [seenBy(alicePlan, ALL), seenBy(aliceNotes, ALL), seenBy(bobDraft, ['read'])],
          bob: [seenBy(alicePlan, ['read']), seenBy(aliceNotes, ['read']), seenBy(bobDraft, ALL)],
          carol: [seenBy(carolPitch, ALL)],
          admin: [alicePlan, aliceNotes, bobDraft, carolPitch, adminMemo].map((document) => seenBy(document, ALL)),
        };
        for (const user of USERS) {
          const response = await list(user);
          expect(response.status).toBe(200);
          expect(response.headers['cache-control']).toBe('no-store');
          expect(response.body).toStrictEqual({ items: [...expected[user]].sort(newestFirst), total: expected[user].length });
        }
      });

      it('pages with page and page_size, the total counting every readable document on every page', async () => {
        const all = (await list('admin')).body.items as DocumentBody[];
        const pages = [];
        for (const page of [1, 2, 3]) {
          const response = await list('admin', `?page=${page}&page_size=2`);
          expect(response.body.total).toBe(5);
          pages.push(response.body.items as DocumentBody[]);
        }
        expect(pages.map((items) => items.length)).toEqual([2, 2, 1]);
        expect(pages.flat()).toStrictEqual(all);
        expect((await list('admin', '?page=4&page_size=2')).body).toStrictEqual({ items: [], total: 5 });
        const alicePages = [(await list('alice', '?page_size=2')).body, (await list('alice', '?page=2&page_size=2')).body];
        expect(alicePages.map((body) => [body.items.length, body.total])).toEqual([[2, 3], [1, 3]]);
        expect(alicePages.flatMap((body) => body.items)).toStrictEqual((await list('alice')).body.items);
      });

      it('refuses a query parameter that would widen access, and paging out of bounds', async () => {
        const attempts: Array<[string, string]> = [
          [`?owner_id=${ids.alice}`, 'owner_id'],
          ['?department=research', 'department'],
          ['?page=1&department=research', 'department'],
          ["?where=1%3D1%20OR%20department%3D'research'", 'where'],
          ['?page=0', 'page'],
          ['?page=abc', 'page'],
          ['?page=1000001', 'page'],
          ['?page_size=0', 'page_size'],
          ['?page_size=101', 'page_size'],
          ['?page_size=2.5', 'page_size'],
        ];
        for (const [query, field] of attempts) expectFieldError(await list('carol', query), field);
        expect((await list('carol')).body).toStrictEqual({ items: [seenBy(fixture.carolPitch, ALL)], total: 1 });
      });

      it('needs a signed-in caller', async () => {
        expectProblem(await demo.http.get('/demo/documents'), 401, 'UNAUTHENTICATED');
      });
    });

    describe('GET and DELETE /demo/documents/:id', () => {
      it('shows a document to whoever may read it, with what they may do with it', async () => {
        const { bobDraft, carolPitch } = fixture;
        expect((await read('alice', bobDraft.body.id)).body).toStrictEqual(seenBy(bobDraft, ['read']));
        expect((await read('bob', bobDraft.body.id)).body).toStrictEqual(seenBy(bobDraft, ALL));
        expect((await read('admin', carolPitch.body.id)).body).toStrictEqual(seenBy(carolPitch, ALL));
        // A UUID is a UUID in any case.
        expect((await read('alice', bobDraft.body.id.toUpperCase())).body).toStrictEqual(seenBy(bobDraft, ['read']));
      });

      it('a stranger learns nothing of a document’s existence: the 404 of one they may not read is the 404 of one that never was', async () => {
        const secret = fixture.alicePlan.body.id;
        const nothing = [randomUUID(), 'not-a-uuid', `${secret}x`, "' OR '1'='1"];
        for (const attempt of [(id: string) => read('carol', id), (id: string) => remove('carol', id)]) {
          const refused = await attempt(secret);
          expectProblem(refused, 404, 'NOT_FOUND');
          for (const id of nothing) {
            const missing = await attempt(encodeURIComponent(id));
            expect({ status: missing.status, body: missing.body }).toStrictEqual({ status: refused.status, body: refused.body });
          }
        }
        expect((await read('alice', secret)).status).toBe(200);
      });

      it('refuses with 403 FORBIDDEN a reader who may not delete, and keeps the document', async () => {
        const response = await remove('bob', fixture.alicePlan.body.id);
        expectProblem(response, 403, 'FORBIDDEN');
        expect((await read('alice', fixture.alicePlan.body.id)).status).toBe(200);
      });

      it('lets the owner delete their document and an admin delete anyone’s: 204, then it is gone for everyone', async () => {
        const own = await created('bob', 'Bob scratch');
        const others = await created('carol', 'Carol scratch');
        expect((await remove('bob', own.id)).status).toBe(204);
        expect((await remove('admin', others.id)).status).toBe(204);
        for (const [user, id] of [['bob', own.id], ['alice', own.id], ['carol', others.id], ['admin', others.id]] as const) {
          expectProblem(await read(user, id), 404, 'NOT_FOUND');
        }
        expectProblem(await remove('bob', own.id), 404, 'NOT_FOUND');
        expect((await list('admin')).body.total).toBe(5);
      });

      it('needs a signed-in caller', async () => {
        expectProblem(await demo.http.get(`/demo/documents/${fixture.alicePlan.body.id}`), 401, 'UNAUTHENTICATED');
        expectProblem(await demo.http.delete(`/demo/documents/${fixture.alicePlan.body.id}`), 401, 'UNAUTHENTICATED');
        expect((await read('alice', fixture.alicePlan.body.id)).status).toBe(200);
      });
    });

    it('stores SQL in titles as text: returned verbatim, and no one sees more than before', async () => {
      const titles = [
        "'; DROP TABLE demo_documents; --",
        "x' OR '1'='1",
        "Robert'); DELETE FROM demo_documents WHERE ('1' = '1",
        '" OR ""="',
        "research' OR department IS NOT NULL --",
        ':department :...abac1_0 $1 ? %s',
        '\\\'; SELECT pg_sleep(5); --',
        '%_*',
      ];
      const planted = [];
      for (const title of titles) {
        const document = await created('carol', title);
        expect(document.title).toBe(title);
        expect((await read('carol', document.id)).body.title).toBe(title);
        planted.push(document);
      }
      const carols = (await list('carol', '?page_size=100')).body;
      expect(carols.total).toBe(1 + titles.length);
      expect((carols.items as DocumentBody[]).map((item) => item.title)).toEqual(expect.arrayContaining(titles));
      expect((await list('alice')).body.total).toBe(3);
      expect((await list('bob')).body.total).toBe(3);
      expect((await list('admin')).body.total).toBe(5 + titles.length);
      for (const { id } of planted) expect((await remove('carol', id)).status).toBe(204);
      expect((await list('admin')).body.total).toBe(5);
    });

    it('a caller without a department reads only their own documents, and theirs belong to no department members read', async () => {
      const username = `dave-${tag}`;
      const password = `dave ${tag} passphrase`;
      const createUser = await demo.http.post('/auth/users').set(bearer(tokens.admin)).send({ username, password, groups: ['staff'] });
      expect(createUser.status).toBe(201);
      const dave = await demo.http.post('/auth/login').send({ username, password });
      expect(dave.status).toBe(200);
      const daves = bearer(dave.body.access_token);
      const response = await demo.http.post('/demo/documents').set(daves).send({ title: 'Dave alone' });
      expect(response.body).toMatchObject({ owner_id: dave.body.user.id, department: null, permitted_actions: ALL });
      expect((await demo.http.get('/demo/documents').set(daves)).body).toStrictEqual({ items: [response.body], total: 1 });
      expect((await list('alice')).body.total).toBe(3);
      expectProblem(await read('alice', response.body.id), 404, 'NOT_FOUND');
      expect((await list('admin')).body.total).toBe(6);
      expect((await remove('admin', response.body.id)).status).toBe(204);
    });
  });
}
