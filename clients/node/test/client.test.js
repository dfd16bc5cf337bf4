// The official RavenDB Node.js client (npm `ravendb`, pinned in package.json) against a real Muninn node.
// MUNINN_URL: the node's URL; MUNINN_DATABASE: a database created for this run, empty.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const {
    DocumentStore, PatchOperation, PatchRequest, PatchByQueryOperation, DeleteByQueryOperation,
    GetCollectionStatisticsOperation, CounterBatch, CounterBatchOperation, CounterOperation, DocumentCountersOperation,
    GetCountersOperation,
} = require('ravendb');

const url = process.env.MUNINN_URL;
const database = process.env.MUNINN_DATABASE;
assert.ok(url && database, 'set MUNINN_URL and MUNINN_DATABASE');

class User {
    constructor(name, group, age) {
        this.name = name;
        this.group = group;
        this.age = age;
    }
}

let store;
test.before(() => {
    store = new DocumentStore(url, database);
    store.conventions.findCollectionNameForObjectLiteral = () => 'Users';
    store.conventions.registerEntityType(User);
    store.initialize();
});
test.after(() => store.dispose());

async function storeUsers(prefix, count, group) {
    const session = store.openSession();
    for (let i = 0; i < count; i++) {
        await session.store(new User(`${prefix}${i}`, group, i), `users/${prefix}${i}`);
    }
    await session.saveChanges();
}

test('store, load and delete through a session', async () => {
    let session = store.openSession();
    const ada = new User('Ada', 'crud', 36);
    await session.store(ada, 'users/ada');
    await session.saveChanges();
    assert.ok(session.advanced.getChangeVectorFor(ada), 'a change vector after saveChanges');

    session = store.openSession();
    const loaded = await session.load('users/ada', User);
    assert.ok(loaded instanceof User);
    assert.equal(loaded.name, 'Ada');
    assert.equal(loaded.age, 36);
    assert.equal(session.advanced.getMetadataFor(loaded)['@collection'], 'Users');
    loaded.age = 37;
    await session.saveChanges();

    session = store.openSession();
    assert.equal((await session.load('users/ada', User)).age, 37);
    const many = await session.load(['users/ada', 'users/nobody'], User);
    assert.equal(many['users/ada'].name, 'Ada');
    assert.equal(many['users/nobody'], null);
    session.delete('users/ada');
    await session.saveChanges();

    session = store.openSession();
    assert.equal(await session.load('users/ada', User), null);
});

test('a query with a where clause and paging', async () => {
    await storeUsers('paged', 10, 'paging');
    await storeUsers('other', 3, 'elsewhere');
    const session = store.openSession();
    const all = await session.query({ collection: 'Users' }).whereEquals('group', 'paging').orderBy('age', 'Long').all();
    assert.deepEqual(all.map(u => u.age), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

    const page = await session.query({ collection: 'Users' }).whereEquals('group', 'paging').orderBy('age', 'Long')
        .skip(3).take(4).all();
    assert.deepEqual(page.map(u => u.age), [3, 4, 5, 6]);

    const greater = await session.query({ collection: 'Users' }).whereEquals('group', 'paging')
        .whereGreaterThan('age', 6).orderBy('age', 'Long').all();
    assert.deepEqual(greater.map(u => u.age), [7, 8, 9]);
});

test('a query with a limit and no start (take without skip)', async () => {
    await storeUsers('first', 5, 'take-only');
    const session = store.openSession();
    const firstTwo = await session.query({ collection: 'Users' }).whereEquals('group', 'take-only')
        .orderBy('age', 'Long').take(2).all();
    assert.deepEqual(firstTwo.map(u => u.age), [0, 1]);
    const first = await session.query({ collection: 'Users' }).whereEquals('group', 'take-only')
        .orderBy('age', 'Long').first();
    assert.equal(first.age, 0);
    const stats = [];
    const counted = await session.query({ collection: 'Users' }).whereEquals('group', 'take-only')
        .statistics(s => stats.push(s)).take(1).all();
    assert.equal(counted.length, 1);
    assert.equal(stats[0].totalResults, 5);
    assert.equal(await session.query({ collection: 'Users' }).whereEquals('group', 'take-only').count(), 5);
});

test('a patch of one document', async () => {
    await storeUsers('patched', 1, 'patch');
    const result = await store.operations.send(
        new PatchOperation('users/patched0', null, PatchRequest.forScript('this.age += 10; this.patched = true;')));
    assert.equal(result.status, 'Patched');
    const session = store.openSession();
    const user = await session.load('users/patched0');
    assert.equal(user.age, 10);
    assert.equal(user.patched, true);

    // a patch through the session
    session.advanced.patch('users/patched0', 'age', 20);
    await session.saveChanges();
    const again = store.openSession();
    assert.equal((await again.load('users/patched0')).age, 20);
});

test('a patch by query and a delete by query', async () => {
    await storeUsers('bulkpatch', 6, 'by-query');
    const patch = await store.operations.send(
        new PatchByQueryOperation("from Users where group = 'by-query' update { this.touched = true; }"));
    await patch.waitForCompletion();
    let session = store.openSession();
    const touched = await session.query({ collection: 'Users' }).whereEquals('group', 'by-query')
        .whereEquals('touched', true).count();
    assert.equal(touched, 6);

    const deletion = await store.operations.send(
        new DeleteByQueryOperation("from Users where group = 'by-query' and age >= 3"));
    await deletion.waitForCompletion();
    session = store.openSession();
    assert.equal(await session.query({ collection: 'Users' }).whereEquals('group', 'by-query').count(), 3);
});

test('a stale change vector raises ConcurrencyException', async () => {
    await storeUsers('occ', 1, 'occ');
    const first = store.openSession();
    first.advanced.useOptimisticConcurrency = true;
    const mine = await first.load('users/occ0', User);

    const second = store.openSession();
    (await second.load('users/occ0', User)).age = 100;
    await second.saveChanges();

    mine.age = 200;
    await assert.rejects(first.saveChanges(), err => err.name === 'ConcurrencyException');

    // an explicit stale change vector on store
    const third = store.openSession();
    await third.store(new User('x', 'occ', 1), 'users/occ0', { changeVector: 'A:1-AAAAAAAAAAAAAAAAAAAAAA' });
    await assert.rejects(third.saveChanges(), err => err.name === 'ConcurrencyException');

    const check = store.openSession();
    assert.equal((await check.load('users/occ0', User)).age, 100);
});

test('bulk insert', async () => {
    const bulk = store.bulkInsert();
    for (let i = 0; i < 500; i++) {
        await bulk.store(new User(`bulk${i}`, 'bulk', i), `users/bulk${i}`);
    }
    await bulk.finish();
    const session = store.openSession();
    assert.equal(await session.query({ collection: 'Users' }).whereEquals('group', 'bulk').count(), 500);
    assert.equal((await session.load('users/bulk499', User)).age, 499);
    const stats = await store.maintenance.send(new GetCollectionStatisticsOperation());
    assert.ok(stats.collections['Users'] >= 500, JSON.stringify(stats));
});

test('counters through a session', async () => {
    const id = 'users/counted';
    let session = store.openSession();
    await session.store(new User('counted', 'counters', 1), id);
    session.countersFor(id).increment('likes', 5);
    session.countersFor(id).increment('Downloads', 2);
    await session.saveChanges();

    session = store.openSession();
    session.countersFor(id).increment('likes', -2);
    await session.saveChanges();

    session = store.openSession();
    assert.equal(await session.countersFor(id).get('likes'), 3); // the document not in the session: a GET
    assert.deepEqual(await session.countersFor(id).getAll(), { likes: 3, Downloads: 2 });
    const loaded = await session.load(id, User);
    assert.deepEqual(session.advanced.getMetadataFor(loaded)['@counters'], ['Downloads', 'likes']);
    session.countersFor(id).delete('likes');
    await session.saveChanges();

    session = store.openSession();
    assert.equal(await session.countersFor(id).get('likes'), null);
    assert.deepEqual(await session.countersFor(id).getAll(), { Downloads: 2 });
    const reloaded = await session.load(id, User);
    assert.deepEqual(session.advanced.getMetadataFor(reloaded)['@counters'], ['Downloads']);
});

function countersOf(documentId, increments) {
    const document = new DocumentCountersOperation();
    document.documentId = documentId;
    document.operations = Object.entries(increments)
        .map(([name, delta]) => CounterOperation.create(name, 'Increment', delta));
    return document;
}

const detailsOf = details => details.counters.map(c => c && [c.documentId, c.counterName, c.totalValue]);

test('CounterBatchOperation and GetCountersOperation', async () => {
    await storeUsers('batched', 2, 'counters');
    const batch = new CounterBatch();
    batch.documents = [countersOf('users/batched0', { views: 10, shares: 1 }), countersOf('users/batched1', { views: 7 })];
    const result = await store.operations.send(new CounterBatchOperation(batch));
    assert.deepEqual(detailsOf(result),
        [['users/batched0', 'views', 10], ['users/batched0', 'shares', 1], ['users/batched1', 'views', 7]]);
    const again = new CounterBatch();
    again.documents = [countersOf('users/batched1', { views: -3 })];
    assert.deepEqual(detailsOf(await store.operations.send(new CounterBatchOperation(again))),
        [['users/batched1', 'views', 4]]);

    const one = await store.operations.send(new GetCountersOperation('users/batched0', 'views'));
    assert.deepEqual(detailsOf(one), [['users/batched0', 'views', 10]]);
    assert.ok(one.counters[0].etag > 0, JSON.stringify(one));
    const several = await store.operations.send(
        new GetCountersOperation('users/batched0', ['shares', 'missing', 'views']));
    assert.deepEqual(detailsOf(several), [['users/batched0', 'shares', 1], null, ['users/batched0', 'views', 10]]);
    const all = await store.operations.send(new GetCountersOperation('users/batched0'));
    assert.deepEqual(detailsOf(all).sort(), [['users/batched0', 'shares', 1], ['users/batched0', 'views', 10]]);
    const full = await store.operations.send(new GetCountersOperation('users/batched1', 'views', true));
    const perNode = Object.values(full.counters[0].counterValues);
    assert.equal(perNode.reduce((a, b) => a + b, 0), 4, JSON.stringify(full));
});

test('counters in a bulk insert', async () => {
    const bulk = store.bulkInsert();
    for (let i = 0; i < 3; i++) {
        const id = `users/bulkcounted${i}`;
        await bulk.store(new User(`bulkcounted${i}`, 'bulk-counters', i), id);
        await bulk.countersFor(id).increment('visits', i + 1);
        await bulk.countersFor(id).increment('stars');
    }
    await bulk.finish();
    const session = store.openSession();
    for (let i = 0; i < 3; i++) {
        const id = `users/bulkcounted${i}`;
        const user = await session.load(id, User);
        assert.equal(user.age, i);
        assert.deepEqual(session.advanced.getMetadataFor(user)['@counters'], ['stars', 'visits']);
        assert.deepEqual(await session.countersFor(id).getAll(), { visits: i + 1, stars: 1 });
    }
});

test('lazy loads in one multi_get', async () => {
    await storeUsers('lazy', 3, 'lazy');
    const session = store.openSession();
    const a = session.advanced.lazily.load('users/lazy0', User);
    const b = session.advanced.lazily.load('users/lazy2', User);
    const count = session.query({ collection: 'Users' }).whereEquals('group', 'lazy').countLazily();
    await session.advanced.eagerly.executeAllPendingLazyOperations();
    assert.equal(session.advanced.numberOfRequests, 1);
    assert.equal((await a.getValue()).name, 'lazy0');
    assert.equal((await b.getValue()).age, 2);
    assert.equal(await count.getValue(), 3);
});

test('a lazy load of a missing document', { skip: 'issue 20: this client 7.2.2 parses a multi_get inner result '
    + 'that is null (StatusCode 404, as RavenDB answers a load of one missing id) as JSON text and fails with '
    + '"Unexpected end of JSON input"; a client bug as far as known, the node answers as RavenDB does' }, async () => {
    const session = store.openSession();
    const missing = session.advanced.lazily.load('users/lazy-none', User);
    await session.advanced.eagerly.executeAllPendingLazyOperations();
    assert.equal(await missing.getValue(), null);
});

async function drain(readable) {
    const items = [];
    await new Promise((resolve, reject) => {
        readable.on('data', item => items.push(item));
        readable.on('end', resolve);
        readable.on('error', reject);
    });
    return items;
}

test('stream of a query', async () => {
    await storeUsers('streamed', 25, 'stream');
    const session = store.openSession();
    const query = session.query({ collection: 'Users' }).whereEquals('group', 'stream');
    const fromQuery = await drain(await session.advanced.stream(query));
    assert.equal(fromQuery.length, 25);
    assert.ok(fromQuery.every(item => item.id.startsWith('users/streamed') && item.document.group === 'stream'));
});

test('stream of an id prefix', async () => {
    await storeUsers('prefixed', 12, 'stream');
    const session = store.openSession();
    const byPrefix = await drain(await session.advanced.stream('users/prefixed1'));
    assert.deepEqual(byPrefix.map(item => item.id).sort(), ['users/prefixed1', 'users/prefixed10', 'users/prefixed11']);
});

test('changes API: a document change is pushed', async () => {
    const changes = store.changes();
    await changes.ensureConnectedNow();
    const seen = new Promise(resolve => {
        const observable = changes.forDocument('users/changed');
        observable.on('data', change => resolve(change));
        observable.ensureSubscribedNow().then(async () => {
            const session = store.openSession();
            await session.store(new User('changed', 'changes', 1), 'users/changed');
            await session.saveChanges();
        });
    });
    const change = await seen;
    assert.equal(change.id, 'users/changed');
    assert.equal(change.type, 'Put');
    changes.dispose();
});
