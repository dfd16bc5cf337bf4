"""The official RavenDB Python client (PyPI `ravendb`, pinned in requirements.txt) against a real Muninn node.

MUNINN_URL: the node's URL; MUNINN_DATABASE: a database created for this run, empty. Run with
`python -m unittest -v test_client`.
"""
import os
import unittest

from ravendb import DocumentStore, PatchOperation, PatchRequest, PatchByQueryOperation, DeleteByQueryOperation
from ravendb.documents.commands.batches import PatchCommandData
from ravendb.documents.operations.counters import (
    CounterBatch, CounterBatchOperation, CounterOperation, CounterOperationType, DocumentCountersOperation,
    GetCountersOperation,
)
from ravendb.documents.operations.statistics import GetCollectionStatisticsOperation
from ravendb.exceptions.raven_exceptions import ConcurrencyException

URL = os.environ.get("MUNINN_URL")
DATABASE = os.environ.get("MUNINN_DATABASE")


class User:
    def __init__(self, name: str = None, group: str = None, age: int = 0, touched: bool = None):
        self.name = name
        self.group = group
        self.age = age
        self.touched = touched


class OfficialPythonClientTest(unittest.TestCase):
    store: DocumentStore

    @classmethod
    def setUpClass(cls):
        if not URL or not DATABASE:
            raise RuntimeError("set MUNINN_URL and MUNINN_DATABASE")
        cls.store = DocumentStore(URL, DATABASE)
        cls.store.initialize()

    @classmethod
    def tearDownClass(cls):
        cls.store.close()

    def store_users(self, prefix: str, count: int, group: str):
        with self.store.open_session() as session:
            for i in range(count):
                session.store(User(f"{prefix}{i}", group, i), f"users/{prefix}{i}")
            session.save_changes()

    def query(self, session, group: str):
        return session.query(object_type=User).where_equals("group", group)

    def test_store_load_delete(self):
        with self.store.open_session() as session:
            ada = User("Ada", "crud", 36)
            session.store(ada, "users/ada")
            session.save_changes()
            self.assertTrue(session.advanced.get_change_vector_for(ada))
        with self.store.open_session() as session:
            loaded = session.load("users/ada", User)
            self.assertIsInstance(loaded, User)
            self.assertEqual("Ada", loaded.name)
            self.assertEqual("Users", session.advanced.get_metadata_for(loaded)["@collection"])
            loaded.age = 37
            session.save_changes()
        with self.store.open_session() as session:
            self.assertEqual(37, session.load("users/ada", User).age)
            many = session.load(["users/ada", "users/nobody"], User)
            self.assertEqual("Ada", many["users/ada"].name)
            self.assertIsNone(many["users/nobody"])
            session.delete("users/ada")
            session.save_changes()
        with self.store.open_session() as session:
            self.assertIsNone(session.load("users/ada", User))

    def test_query_with_where_and_paging(self):
        self.store_users("paged", 10, "paging")
        self.store_users("other", 3, "elsewhere")
        with self.store.open_session() as session:
            ordered = lambda: self.query(session, "paging").order_by("age")
            self.assertEqual(list(range(10)), [u.age for u in ordered()])
            self.assertEqual([3, 4, 5, 6], [u.age for u in ordered().skip(3).take(4)])
            self.assertEqual([0, 1], [u.age for u in ordered().take(2)])  # a limit without a start
            self.assertEqual([8, 9], [u.age for u in ordered().skip(8)])  # a start without a limit
            greater = self.query(session, "paging").where_greater_than("age", 6).order_by("age")
            self.assertEqual([7, 8, 9], [u.age for u in greater])
            self.assertEqual(10, self.query(session, "paging").count())
            self.assertEqual(0, self.query(session, "paging").order_by("age").first().age)

    def test_patch_one_document(self):
        self.store_users("patched", 1, "patch")
        self.store.operations.send(
            PatchOperation("users/patched0", None, PatchRequest.for_script("this.age += 10; this.touched = true;")))
        with self.store.open_session() as session:
            user = session.load("users/patched0", User)
            self.assertEqual(10, user.age)
            self.assertTrue(user.touched)
            # a script patch deferred in the session (what session.advanced.patch sent before JsonPatch)
            session.advanced.defer(PatchCommandData(
                "users/patched0", None, PatchRequest("this.age = args.age;", {"age": 20})))
            session.save_changes()
        with self.store.open_session() as session:
            self.assertEqual(20, session.load("users/patched0", User).age)

    def test_session_patch_as_json_patch(self):
        # this client's default (SessionPatchBehavior.JSON_PATCH): the batch command JsonPatch, RFC 6902 operations
        self.store_users("jsonpatched", 1, "patch")
        with self.store.open_session() as session:
            user = session.load("users/jsonpatched0", User)
            session.advanced.patch("users/jsonpatched0", "age", 20)
            session.advanced.patch("users/jsonpatched0", "name", "renamed")
            session.save_changes()
            self.assertEqual(20, user.age)  # the tracked entity refreshed from the document the node returned
        with self.store.open_session() as session:
            user = session.load("users/jsonpatched0", User)
            self.assertEqual((20, "renamed"), (user.age, user.name))

    def test_patch_and_delete_by_query(self):
        self.store_users("byquery", 6, "by-query")
        operation = self.store.operations.send_async(
            PatchByQueryOperation("from Users where group = 'by-query' update { this.touched = true; }"))
        operation.wait_for_completion()
        with self.store.open_session() as session:
            self.assertEqual(6, self.query(session, "by-query").where_equals("touched", True).count())
        operation = self.store.operations.send_async(
            DeleteByQueryOperation("from Users where group = 'by-query' and age >= 3"))
        operation.wait_for_completion()
        with self.store.open_session() as session:
            self.assertEqual(3, self.query(session, "by-query").count())

    def test_stale_change_vector_raises_concurrency_exception(self):
        self.store_users("occ", 1, "occ")
        with self.store.open_session() as first:
            first.advanced.use_optimistic_concurrency = True
            mine = first.load("users/occ0", User)
            with self.store.open_session() as second:
                second.load("users/occ0", User).age = 100
                second.save_changes()
            mine.age = 200
            with self.assertRaises(ConcurrencyException):
                first.save_changes()
        with self.store.open_session() as third:
            third.store(User("x", "occ", 1), "users/occ0", change_vector="A:1-AAAAAAAAAAAAAAAAAAAAAA")
            with self.assertRaises(ConcurrencyException):
                third.save_changes()
        with self.store.open_session() as check:
            self.assertEqual(100, check.load("users/occ0", User).age)

    def test_bulk_insert(self):
        with self.store.bulk_insert() as bulk:
            for i in range(500):
                bulk.store_as(User(f"bulk{i}", "bulk", i), f"users/bulk{i}")
        with self.store.open_session() as session:
            self.assertEqual(500, self.query(session, "bulk").count())
            self.assertEqual(499, session.load("users/bulk499", User).age)
        stats = self.store.maintenance.send(GetCollectionStatisticsOperation())
        self.assertGreaterEqual(stats.collections["Users"], 500)

    @staticmethod
    def counters_of(session, document_id: str) -> dict:
        counters = session.counters_for(document_id).get_all()
        # the names as the node spelled them; `name in counters` because this client's CaseInsensitiveDict keeps in
        # keys() a name cleared away (clear() is dict's, and leaves its _original_values)
        return {name: counters[name] for name in counters.keys() if name in counters}

    def test_counters_through_a_session(self):
        key = "users/counted"
        with self.store.open_session() as session:
            session.store(User("counted", "counters", 1), key)
            session.counters_for(key).increment("likes", 5)
            session.counters_for(key).increment("Downloads", 2)
            session.save_changes()
        with self.store.open_session() as session:
            session.counters_for(key).increment("likes", -2)
            session.save_changes()
        with self.store.open_session() as session:
            self.assertEqual(3, session.counters_for(key).get("likes"))  # the document not in the session: a GET
            self.assertEqual({"likes": 3, "Downloads": 2}, self.counters_of(session, key))
            loaded = session.load(key, User)
            self.assertEqual(["Downloads", "likes"], list(session.advanced.get_metadata_for(loaded)["@counters"]))
            session.counters_for(key).delete("likes")
            session.save_changes()
        with self.store.open_session() as session:
            self.assertIsNone(session.counters_for(key).get("likes"))
            self.assertEqual({"Downloads": 2}, self.counters_of(session, key))
            loaded = session.load(key, User)
            self.assertEqual(["Downloads"], list(session.advanced.get_metadata_for(loaded)["@counters"]))

    @staticmethod
    def increments(document_id: str, **deltas) -> DocumentCountersOperation:
        return DocumentCountersOperation(document_id, [
            CounterOperation(name, CounterOperationType.INCREMENT, delta) for name, delta in deltas.items()])

    @staticmethod
    def details_of(details) -> list:
        return [c and (c.document_id, c.counter_name, c.total_value) for c in details.counters]

    def test_counter_batch_and_get_counters_operations(self):
        self.store_users("batched", 2, "counters")
        result = self.store.operations.send(CounterBatchOperation(CounterBatch(documents=[
            self.increments("users/batched0", views=10, shares=1), self.increments("users/batched1", views=7)])))
        self.assertEqual([("users/batched0", "views", 10), ("users/batched0", "shares", 1),
                          ("users/batched1", "views", 7)], self.details_of(result))
        again = self.store.operations.send(CounterBatchOperation(CounterBatch(documents=[
            self.increments("users/batched1", views=-3)])))
        self.assertEqual([("users/batched1", "views", 4)], self.details_of(again))

        one = self.store.operations.send(GetCountersOperation("users/batched0", "views"))
        self.assertEqual([("users/batched0", "views", 10)], self.details_of(one))
        self.assertGreater(one.counters[0].etag, 0)
        # this client sends several names in a set's order: the missing one is a None, wherever it comes
        several = self.details_of(self.store.operations.send(
            GetCountersOperation("users/batched0", ["shares", "missing", "views"])))
        self.assertEqual(3, len(several))
        self.assertEqual(1, several.count(None))
        self.assertEqual([("users/batched0", "shares", 1), ("users/batched0", "views", 10)],
                         sorted(c for c in several if c is not None))
        everything = self.store.operations.send(GetCountersOperation("users/batched0"))
        self.assertEqual([("users/batched0", "shares", 1), ("users/batched0", "views", 10)],
                         sorted(self.details_of(everything)))
        full = self.store.operations.send(GetCountersOperation("users/batched1", "views", True))
        self.assertEqual(4, sum(full.counters[0].counter_values.values()))

    def test_counters_in_a_bulk_insert(self):
        with self.store.bulk_insert() as bulk:
            for i in range(3):
                key = f"users/bulkcounted{i}"
                bulk.store_as(User(f"bulkcounted{i}", "bulk-counters", i), key)
                bulk.counters_for(key).increment("visits", i + 1)
                bulk.counters_for(key).increment("stars")
        with self.store.open_session() as session:
            for i in range(3):
                key = f"users/bulkcounted{i}"
                user = session.load(key, User)
                self.assertEqual(i, user.age)
                self.assertEqual(["stars", "visits"], list(session.advanced.get_metadata_for(user)["@counters"]))
                self.assertEqual({"visits": i + 1, "stars": 1}, self.counters_of(session, key))

    def test_lazy_loads_in_one_multi_get(self):
        self.store_users("lazy", 3, "lazy")
        with self.store.open_session() as session:
            first = session.advanced.lazily.load("users/lazy0", User)
            last = session.advanced.lazily.load("users/lazy2", User)
            count = self.query(session, "lazy").count_lazily()
            session.advanced.eagerly.execute_all_pending_lazy_operations()
            self.assertEqual(1, session.advanced.number_of_requests)
            self.assertEqual("lazy0", first.value.name)
            self.assertEqual(2, last.value.age)
            self.assertEqual(3, count.value)

    def test_stream_of_a_query(self):
        self.store_users("streamed", 25, "stream")
        with self.store.open_session() as session:
            results = list(session.advanced.stream(self.query(session, "stream")))
            self.assertEqual(25, len(results))
            self.assertTrue(all(r.key.startswith("users/streamed") for r in results))
            self.assertTrue(all(r.document.group == "stream" for r in results))

    def test_changes_push_a_document_change(self):
        import threading
        seen = threading.Event()
        changes = self.store.changes()
        changes.ensure_connected_now()
        close = changes.for_document("users/changed").subscribe(lambda change: seen.set())
        try:
            # The watch is sent as the subscription starts; write until its first change arrives (at most 10 s).
            for attempt in range(10):
                with self.store.open_session() as session:
                    session.store(User("changed", "changes", attempt), "users/changed")
                    session.save_changes()
                if seen.wait(1):
                    break
            self.assertTrue(seen.is_set(), "no change pushed within 10 s")
        finally:
            close()
            changes.close()


if __name__ == "__main__":
    unittest.main()
