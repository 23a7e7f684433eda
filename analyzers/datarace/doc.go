// Package datarace defines the msvclint check datarace.
//
// # Analyzer datarace
//
// datarace: report data races a reviewer can prove from the code
//
// A race that tests never execute ships: the race detector only sees what
// runs, and a racy map write crashes the process. Most races in services
// fall into a few recurring shapes (a variable shared with a goroutine's
// closure, a map filled by a fan-out, a handler writing its server's
// fields, a field read without the mutex that guards it everywhere else,
// a misused WaitGroup, parallel subtests sharing state). The check reports
// those shapes when the code proves both sides of the race, and stays silent
// when it cannot model an ordering: a happens-before edge it does not
// understand means no finding.
//
// It builds on shared passes: passes/concurrency (where goroutines start,
// which functions frameworks run concurrently), passes/lockset (on SSA: the
// locks held at every access, through aliases of a receiver and through the
// package's calls, the contexts the package's code runs in, inferred and
// annotated guards that travel across packages as facts) and passes/locks
// (the same on the syntax tree, for the rules about local variables), with
// the curated table of synchronization APIs in internal/knowledge/syncapi.
// Orderings it accepts between a goroutine and other code: the go statement
// itself (also for a goroutine started by another goroutine), a receive from
// a channel the goroutine sends on or closes, a Wait on a WaitGroup it marks
// done, a call to a function that waits for the goroutines it starts (a
// ForEach over a WaitGroup or errgroup, known across packages by a fact), a
// mutex held on both sides, code that operates a channel together with the
// goroutine, a Wait on a WaitGroup that the code starting the goroutine
// marks done (work it counts in flight and hands to its goroutines),
// runtime.StopTrace for a goroutine reading the trace with
// runtime.ReadTrace, and sync.Once. A call of the package's code that waits
// on some path (a Stop that joins its loop only when it runs) may order what
// follows it; a call that cannot reach a wait orders nothing. An access the code can only make before the go statement
// (a write on one branch ahead of it) is ordered before the goroutine. A
// channel made locally, stored in a field and handed to the goroutine is
// the field's channel (c.ctxResult = resultc; go c.watch(resultc)), so a
// receive from the field orders what follows after the goroutine's send.
// An atomic flag publishes: a write made before a store of a non-zero value
// (done.Store(true), atomic.StoreUint32(&ready, 1)) is ordered before code
// that runs only when a load of the flag found it set. A call through an
// unexported function field that the package only ever fills with methods
// bound to the field's own object (c.handshakeFn = c.serverHandshake) is a
// call of those methods, under the caller's locks. A field of a local
// object set once (hs := state{c: c}) names what was stored in it.
// A test's goroutines are paired only with the test's own code,
// except on package variables: nothing outside a test holds its objects.
// Objects a function has just made (including one
// stored into a field and read back at once, and one held in a named result
// that error returns set to nil) or taken from a sync.Pool are
// its own, and so are those of each copy of a goroutine started per new
// object. A call through an interface or a function value is not presumed to
// synchronize anything. A closure passed to another package's function
// (sort.Slice, slices.SortFunc, sync.Map.Range) is taken to run during the
// call, under the caller's locks. Generic functions are analyzed once, on
// their generic body.
//
// The Go runtime (package runtime and internal/runtime/...) synchronizes
// with primitives of its own that the check does not model, and is skipped.
//
// Each finding names the variable or field, points at one access, and gives
// the other access and the goroutine's start (or the entry point) as related
// positions.
//
// # Category captured-var
//
// A local variable captured by a goroutine's closure (a go statement,
// errgroup.Go, WaitGroup.Go, time.AfterFunc, an ants pool's Submit, or a
// helper known to start its argument) is written on one side and used on the
// other with no ordering between them: the spawner reads or writes it after
// starting the goroutine and before any wait or channel operation, a return
// statement writes a named result the goroutine still uses, every
// goroutine of a loop writes a variable declared outside the loop, or two
// goroutines started from different places (err = runOutputs() in one,
// err = runInputs() in the other) use it with no lock and no wait or
// receive in the spawner between their starts (an Add orders nothing;
// result slots of a slice written by index are different memory). In files
// whose Go version is before 1.22, a loop variable read by a goroutine
// started in the loop is reported too: the loop has one variable for all
// iterations.
//
// WRONG:
//
//	var price int
//	var err error
//	go func() {
//		defer wg.Done()
//		price, err = fetchPrice(ctx, sku)
//	}()
//	if err != nil { // races with the goroutine's write
//		return 0, err
//	}
//	wg.Wait()
//
// RIGHT:
//
//	go func() {
//		defer wg.Done()
//		price, err = fetchPrice(ctx, sku)
//	}()
//	wg.Wait()
//	if err != nil {
//		return 0, err
//	}
//
// # Category shared-map-slice
//
// A map written, or a slice appended to, by every goroutine of a fan-out
// loop without a lock, or a map read by the spawner while its goroutine
// writes it. Concurrent map writes crash the process. Writes to distinct
// elements of a preallocated slice (results[i] = v, each goroutine its own
// i) are safe and not reported.
//
// It also reports memory written through a pointer, slice or map after the
// function sent it on a channel (p.out <- m; m.Topic = t): from the send on,
// the receiver owns it and may read it at the same time. A write after the
// sender received, selected or waited again (the reply to a request), a
// write under a lock, a new object made by the next turn of a loop, and a
// struct sent by value are left alone.
//
// And a read method (a value receiver, or a Get, Lookup, Find or Has)
// that writes a map of its receiver, on a type the package stores in a
// context.Context, directly or inside the stored value: a context goes to
// every goroutine working on the request, so two readers write the map at
// once (the collector's client Metadata.Get memoizing a case-folded key).
// Methods that lock are left alone.
//
// WRONG:
//
//	prices := map[string]int{}
//	for _, it := range items {
//		g.Go(func() error {
//			p, err := fetchPrice(ctx, it.SKU)
//			prices[it.SKU] = p
//			return err
//		})
//	}
//
// RIGHT:
//
//	prices := make([]int, len(items))
//	for i, it := range items {
//		g.Go(func() error {
//			p, err := fetchPrice(ctx, it.SKU)
//			prices[i] = p
//			return err
//		})
//	}
//
// # Category entry-point
//
// A function the framework runs on many goroutines at once writes a field of
// its receiver or a package variable with no lock held: a net/http handler
// method, a gRPC service method (of a type implementing an interface passed
// to a RegisterXServer function), a gin, echo, fiber or fasthttp handler, a
// message consumer, a Prometheus collector's Collect (the registry runs one
// per scrape, concurrently), an http.RoundTripper's RoundTrip (one per
// request; it "must be safe for concurrent use"), an OpenTelemetry
// Collector consumer (ConsumeTraces, ConsumeMetrics, ConsumeLogs, or a
// function of that shape handed to the pipeline, which receivers call from
// every request's goroutine). Methods the entry point calls on the same
// receiver, and functions it calls, are followed a few levels deep, unless
// some caller calls them with a lock held. A handler literal writing a
// variable of the function that registered it is reported too; when the
// handler only uses it as its own temporary (it assigns it before any
// read), the finding says to declare it inside the handler. Value receivers (copies),
// objects created during the request, and test files (tests send one request
// at a time) are not reported.
//
// WRONG:
//
//	func (s *Server) Place(ctx context.Context, req *pb.PlaceRequest) (*pb.PlaceReply, error) {
//		s.nextID++
//		return &pb.PlaceReply{Id: s.nextID}, nil
//	}
//
// RIGHT:
//
//	func (s *Server) Place(ctx context.Context, req *pb.PlaceRequest) (*pb.PlaceReply, error) {
//		id := s.nextID.Add(1) // nextID is an atomic.Int64
//		return &pb.PlaceReply{Id: id}, nil
//	}
//
// # Category guarded-field
//
// A struct field with a guard is accessed without it where another access
// may run at the same time and one of the two writes. The guard is a sibling
// mutex field: annotated with //msvclint:guardedby mu, or inferred when some
// access writes the field with the mutex held and at least 2 accesses hold
// it, or when at least 3 and three quarters of them hold it. Accesses count
// whatever the base, the receiver, a parameter, a map or range value, an
// element or a call result, and through the package's calls: a helper that
// every caller calls with the lock held runs under it, and so does an
// exported function given the object as a parameter (not as its receiver)
// when every way the package's own code reaches it holds the lock: other
// packages cannot take an unexported lock. A type whose lock
// guards a field is shared, so its exported methods may run at the same time
// as each other, as well as with goroutines and handlers; tests, main and
// functions nothing calls run one at a time. For a guard held at fewer than
// half the accesses, which may be incidental, only a goroutine or handler on
// one side is evidence. A read after the code took and released the guard
// (lazy initialization under the lock) sees the writes made under it. An
// annotated field is a contract: every access without its lock is reported.
// A map's contents are not settled by such a call, since they change with
// every write made under the lock. A write under the guard in an exported
// method also races with the goroutine an earlier call of the same method
// started and did not wait for. A lock one object up guards a field when
// the field's struct is held by value in the lock's object, through that
// field only. Exported methods of an unexported type embedded in an
// exported one are API. A call through an unexported interface field that
// the package fills with one concrete type only is that type's method.
// The guards travel to importing packages as facts. A goroutine that a
// constructor starts on the object it returns (go s.loop(); return s) runs
// beside every method the callers call, so its accesses count too; the
// constructor's own accesses count only where they may come after that
// start (go-redis's NewConnPool counting on while its dialers run, in a
// loop whose next turn follows the start), and pair only with those
// goroutines, since nobody else has the object yet. A
// map taken out under the lock (m := s.subs; s.mu.Unlock(); range m) is
// still the shared map when code writes it in place, and reading it after
// the unlock is reported at the load, with maps.Clone as the fix; it is its
// own copy when the code leaves a new map in the field, or when every
// change replaces the map rather than writing it.
//
// The category also reports a map written while only the read lock of its
// object is held, beside another access under the same read lock that may
// run at the same time: readers hold that lock too. Two calls of one
// exported method or handler that takes the read lock are such a pair. The
// lock may be the owner's, one or two objects up, when the map belongs to a
// helper type with no mutex of its own (an LRU whose Get reorders entries,
// kept behind its owner's RWMutex); the finding is then at the call into
// the helper, where the owner chose RLock. (A field or slice
// element written under a read lock is often owned by one goroutine, the
// read lock keeping out a concurrent Close, and is not reported.)
//
// A type that declares exactly one mutex which no code of the package ever
// refers to is shared by intent: an exported method of it that updates a
// field of the receiver with no lock (reads it, then writes it: a counter,
// a slice resized on demand) interleaves with another call. Plain stores
// (Open setting state) are left alone: lifecycle code runs once.
//
// It also reports a plain read or write of a field that other code updates
// with sync/atomic, where the two may run at the same time. An exported
// function or handler that updates the field atomically and then reads it
// plainly (atomic.AddUint32(&r.robin, 1); pool[r.robin%n]) races with its
// own next call: the atomic update says it runs beside itself. For the same
// reason, such a function that adds to an atomic counter (a sync/atomic
// Add, or the Add of an atomic type) and writes another field of the same
// object plainly, holding no lock, races with its next call on that field
// (kafka-go's RoundRobin defaulting ChunkSize beside its counter). A write
// only the winner of a compare-and-swap makes, or one after a Lock call of
// a lock type of the package's own, is exclusive; a store, swap or
// compare-and-swap alone (a guard against a second Start) says nothing.
//
// The same goes for package variables: when an exported function writes
// one plainly while it stores another of the package's variables
// atomically (directly, or in the function it gives sync.Once.Do), and
// another exported function reads it plainly while loading one of them
// atomically, the package has made its settings atomic because its
// functions run on any goroutine, and this one races (go-zero's logx
// encoding, set by SetUp beside the atomic initialized flag and read on
// every log call beside the atomic level). A read that an atomic flag
// orders after the write, and a setter that stores nothing atomically, are
// left alone.
//
// Code that runs beside itself (a handler, a collector's Collect, a
// goroutine started per item) and writes a field under a lock must read it
// under the lock too: another call's write meets this call's unlocked read
// (otel's Prometheus exporter testing resourceKeyVals unlocked before
// filling it under c.mu). Writing a whole struct field conflicts with
// reading its fields. A read after the call took and released the lock
// around a lazy initialization (tested under the lock) is ordered and left
// alone.
//
// WRONG:
//
//	func (c *Client) Closed() bool {
//		return c.brokers == nil // Close sets brokers to nil under c.lock
//	}
//
// RIGHT:
//
//	func (c *Client) Closed() bool {
//		c.lock.RLock()
//		defer c.lock.RUnlock()
//		return c.brokers == nil
//	}
//
// # Category goroutine-field
//
// A goroutine started by a method writes a field of its receiver, or a
// package variable, that other code reads or writes, or reads one that other
// code writes, with no lock on both sides and nothing ordering them: code of
// the starter after the go statement, an exported method of the same type,
// another goroutine, or a handler. Accesses before the go statement, after
// waiting for the goroutine (a receive from a channel it closes or sends on,
// a Wait on a WaitGroup it marks done), and code that exchanges messages with
// the goroutine over a channel are ordered and not reported; so is setup code
// (options, Init) that runs before the goroutine it configures.
//
// WRONG:
//
//	func (b *Broker) Open() { go b.receive() }
//
//	func (b *Broker) receive() {
//		b.throttle = time.NewTimer(d) // Send reads b.throttle at the same time
//	}
//
// RIGHT:
//
//	func (b *Broker) receive() {
//		b.mu.Lock()
//		b.throttle = time.NewTimer(d)
//		b.mu.Unlock()
//	}
//
// The category also reports a channel field that an exported method
// assigns afresh (s.quit = make(chan struct{})) and then waits on, while
// another exported method closes it or sends on it with no lock in common:
// the second method is there to be called from another goroutine during
// the wait, so it reads the field as the first writes it. Channels made
// where the object is built, or swapped and closed under one lock, are fine.
//
// It reports a goroutine that reads a package variable, or a field of its
// starter's receiver, that the starter replaces on every call: it reads the
// old value to stop or close it, assigns a new one, then starts the
// goroutine, which reads the variable again instead of being handed the
// value, so the next call assigns it while this goroutine reads it (a
// reloaded admin server). A value only tested against nil (filled once), or
// built from the old one (a listener wrapped, a slice appended to), is not
// a replacement, and a starter that waits for its goroutines (wg.Wait)
// before returning does not overlap its next call.
//
// A deferred read counts the waits of the function's returns. A goroutine
// that fills fields under the lock its starter handed it still races with
// a method that reads them after taking and releasing that lock in a call:
// a second Open may refill them while the read runs (sarama's fetch
// meters). Two goroutines started under Do of one sync.Once (or another
// package's Once type) never both exist.
//
// It reports a field that an exported method writes, with no lock, before
// it blocks serving (http.Server's Serve or ListenAndServe, a gRPC
// server's Serve), read with no lock by another exported method of the
// type: the serving method runs on a goroutine of its own for the
// server's life, so the reader (Endpoint asking for the listener's address)
// runs beside the write. A listener made in the constructor, or guarded,
// is fine.
//
// It reports an exported method that writes a field of its receiver with
// no lock, on a type of which the package publishes one value in an
// exported variable (var BalanceStrategySticky = &stickyBalanceStrategy{}):
// every user of the package shares that value, so two of them calling the
// method at once write the field together. Types with a mutex, atomics or
// channels of their own are left to the rules above.
//
// And it reports a map or slice field sent on one of the package's
// channels as it is, while the package writes into its contents under a
// lock elsewhere: the receiver reads the live map after the lock is
// released. A copy (maps.Clone) or a map replaced on every change is fine.
//
// # Category waitgroup
//
// WaitGroup.Add called inside a goroutine (anywhere in its body, for itself
// or for goroutines it starts) while the spawner, or for a WaitGroup field
// another function of the package (a Close), waits on the same WaitGroup
// and the spawner never adds to it itself: the goroutine is not counted, so
// Wait can return, or race with Add, before Add runs. And Done called, not deferred,
// as the first statement of a goroutine that then writes a variable of its
// spawner: Wait returns while the write is still under way.
//
// WRONG:
//
//	for _, k := range keys {
//		go func() {
//			wg.Add(1)
//			defer wg.Done()
//			warm(ctx, k)
//		}()
//	}
//	wg.Wait()
//
// RIGHT:
//
//	for _, k := range keys {
//		wg.Add(1)
//		go func() {
//			defer wg.Done()
//			warm(ctx, k)
//		}()
//	}
//	wg.Wait()
//
// # Category parallel-test
//
// A subtest that calls t.Parallel writes, after that call and without a
// lock, a variable it shares with its siblings: subtests started in a loop,
// or two or more parallel t.Run calls of one test. Writes to distinct slice
// elements are fine. Test files are analyzed with -test.
//
// WRONG:
//
//	for _, tc := range cases {
//		t.Run(tc.name, func(t *testing.T) {
//			t.Parallel()
//			seen[tc.name] = true
//		})
//	}
//
// RIGHT:
//
//	for i, tc := range cases {
//		t.Run(tc.name, func(t *testing.T) {
//			t.Parallel()
//			seen[i] = true // seen is a []bool of len(cases)
//		})
//	}
//
// # Category unsafe-shared-object
//
// A field or package variable holds an object documented as not safe for
// concurrent use, a *rand.Rand (math/rand or math/rand/v2) built over one of
// the package's own sources, a hash.Hash, hash.Hash32 or hash.Hash64, or a
// json or gob Encoder, and code that may run at the same time as another
// call calls one of its methods with no exclusive lock held. Every method
// changes the object's state, so even two Intn calls race; a read lock lets
// readers in together and does not help. An interface field counts when
// every value the package stores in it is such an object, and a call
// counts when it is made on the field's value or on a fresh one the code
// falls back to when the field is nil. Code runs beside
// itself when it is a handler or a goroutine started in a loop, or an
// exported method of a type with a mutex or one that adds to an atomic
// counter of the same object; two exported methods of a type
// without one are left to its callers to serialize. A Rand built over a
// source of the program's own (which may lock) is not reported.
//
// WRONG:
//
//	func (b *Balancer) next() *backend {
//		return b.backends[b.rnd.Intn(len(b.backends))] // b.rnd is a *rand.Rand
//	}
//
// RIGHT:
//
//	func (b *Balancer) next() *backend {
//		return b.backends[rand.Intn(len(b.backends))] // safe for concurrent use
//	}
//
// # Category lazy-init
//
// A package variable is filled on first use (if v == "" { v = compute() })
// with no lock, by a goroutine that exported API or a handler starts, or by
// a goroutine started in a loop: two such goroutines can run at once, both
// find the variable unset and both write it while others read it. A fill
// inside sync.Once.Do, or under a package-level lock, is fine (an
// object's lock is one of many), and so is one made by
// exported setup API alone (testing.Init documents that it runs once);
// handlers' own writes are reported by entry-point.
//
// WRONG:
//
//	var version string
//
//	func clientVersion() string {
//		if version == "" {
//			version = readVersion()
//		}
//		return version
//	}
//
// RIGHT:
//
//	var clientVersion = sync.OnceValue(readVersion)
//
// # Category shared-default
//
// An exported function writes a field through the result of a call that,
// on some path, returns the address of a package variable: a shared empty
// default handed out to save an allocation. On that path the write changes
// the variable for every caller, while they read it.
//
// WRONG:
//
//	func NewSchemaless(attrs ...KeyValue) *Resource {
//		if len(attrs) == 0 {
//			return &emptyResource
//		}
//		...
//	}
//
//	func NewWithAttributes(url string, attrs ...KeyValue) *Resource {
//		r := NewSchemaless(attrs...)
//		r.schemaURL = url // may write emptyResource
//		return r
//	}
//
// RIGHT:
//
//	func NewWithAttributes(url string, attrs ...KeyValue) *Resource {
//		r := *NewSchemaless(attrs...) // a copy
//		r.schemaURL = url
//		return &r
//	}
//
// # Category caller-map
//
// An exported function takes a struct by value (options, a config) and
// writes into a map held in one of its fields: an element assignment, a
// delete, or Set, Add or Del of an http.Header or url.Values. The copy
// shares the map with the caller, so callers that pass the same options
// from several goroutines write one map at once, a fatal concurrent map
// write, and every caller's map changes under it. A map the function puts
// in the field itself on every path before the write (a clone, a new map)
// is its own and stays silent, as do pointer parameters, whose callers
// hand over their options on purpose, value receivers (a set type's Add
// writes the map it wraps by design), and the package's unexported
// helpers. The fix clones the map at the top of the function: with the
// type's Clone for an http.Header, with maps.Clone otherwise.
//
// WRONG:
//
//	func NewResolver(options ResolverOptions) *Resolver {
//		if options.Headers == nil {
//			options.Headers = make(http.Header)
//		}
//		options.Headers.Set("User-Agent", ua) // the caller's map, when it gave one
//		...
//	}
//
// RIGHT:
//
//	func NewResolver(options ResolverOptions) *Resolver {
//		options.Headers = options.Headers.Clone()
//		if options.Headers == nil {
//			options.Headers = make(http.Header)
//		}
//		options.Headers.Set("User-Agent", ua)
//		...
//	}
//
// # Category close-send
//
// A goroutine, or code beside one, closes a channel while other code may
// still send on it, with nothing ordering every send before the close; a
// send on a closed channel panics. A check of a closed flag or a done
// channel before the send does not help: the close can come between the
// check and the send. The close is reported when nothing in the code may
// order it after the senders:
//
//   - the closer does not send on the channel itself (the owner closing
//     when its own sending is over is the idiom),
//   - it did not wait for a WaitGroup, an errgroup or a routine group first,
//   - it holds no lock (a reference count or a closed flag the senders keep
//     under the same lock is a protocol),
//   - it reaches the channel through its own object, not one it looked up
//     or was handed (a subscriber taken from a map),
//   - and a deferred close's function never waits for a signal that other
//     code sends or closes.
//
// The sender must be able to run at the same time: in a goroutine or a
// handler, or beside one, with no channel or wait ordering the two. Two
// API calls alone (Push and Close of a queue) stay silent: not calling one
// after the other is the caller's contract. So do goroutines a pool or
// group started (its Stop or Wait may join them), and a sender that defers
// a recover, which takes the panic by design.
//
// WRONG:
//
//	func (c *Group) Close() {
//		c.closeOnce.Do(func() {
//			close(c.closed)
//			go func() { close(c.errors) }() // a session may be past its closed check
//		})
//	}
//
//	func (c *Group) handleError(err error) { // in every session's goroutine
//		select {
//		case <-c.closed:
//			return
//		default:
//		}
//		c.errors <- err
//	}
//
// RIGHT:
//
//	func (c *Group) Close() {
//		c.closeOnce.Do(func() {
//			close(c.closed)
//			c.sessions.Wait() // every sender has returned
//			close(c.errors)
//		})
//	}
//
// # Options
//
// None.
//
// # Suppressing a finding
//
// Put //msvclint:ignore datarace followed by the reason on the reported line or
// on its own line just above it. A directive without a reason, and one that
// suppresses nothing, are findings themselves.
package datarace
