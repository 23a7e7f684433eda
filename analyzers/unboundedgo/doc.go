// Package unboundedgo defines the msvclint check unboundedgo.
//
// # Analyzer unboundedgo
//
// unboundedgo: report goroutines started without a limit and goroutines that can never exit
//
// Two failure modes take services down under load. A goroutine started per
// request, per message or per item with nothing bounding how many run at
// once turns a traffic burst into memory exhaustion and a latency cliff. A
// goroutine that can never exit leaks a little on every call until the
// process dies. Starting a goroutine in a loop is often right, so the check
// reports only loops whose trip count comes from outside the program and
// only goroutines whose way out it can prove missing.
//
// The check knows the limiters, group APIs, listeners, message-queue clients
// and never-closed channels of golang.org/x/sync, golang.org/x/net/netutil,
// net, net/http, time and common queue clients from a curated table
// (internal/knowledge/limits); the frameworks that call handlers come from
// internal/knowledge/goroutines. Limiters are recognized by shape, not by
// name: an operation on a channel before the go statement and the opposite
// operation in the goroutine (a buffered channel used as a semaphore),
// semaphore.Weighted.Acquire, errgroup's SetLimit on the same group, a Wait
// in the same iteration, a fixed number of workers fed by a channel, a task
// submitted to a fixed-size pool (github.com/panjf2000/ants/v2).
//
// Generated files are not checked. Test files are checked for deadlocks,
// which hang CI, and for leaks, since a goroutine a test leaves blocked is a
// flaky test and often hides the same leak in the code under test (a
// t.Fatal ends the test's goroutine, not the ones it started). They are
// not checked for unbounded spawning: there a goroutine per item is the
// point of a stress test.
//
// # Category unbounded-spawn
//
// A go statement, or errgroup.Go on a group without SetLimit, runs once per
// iteration of a loop that the outside world drives, with no limiter in the
// loop or at the start of the goroutine. Such loops are: a range over a
// channel of work (not a ticker or a channel of struct{} signals), an endless
// loop that receives a message from a channel or a queue client before the
// spawn, a range in a handler over a slice, map or count that comes from the
// request (a parameter of a gRPC method, a value a JSON, XML, protobuf or
// framework decoder fills), and an accept loop on a listener the function
// itself made with net.Listen and never wrapped in netutil.LimitListener.
// Loops over constant sets, configuration and counters are fine, and so is
// a spawn that a return or break follows, since it runs once per call
// rather than once per iteration. The finding is at the go statement; the
// loop is Related.
//
// An accept loop on a listener parameter makes its function an
// AcceptSpawner (a fact of passes/concurrency, seen across packages), and
// the caller that made the listener with net.Listen and hands it over
// without netutil.LimitListener is reported at the call: that caller
// decides how many connections run. net/http, x/net/http2 and gRPC servers
// stay silent: a goroutine per connection is their design.
//
// A go statement in a function that such a loop of the package calls (a
// batcher's processItem called for every item received) starts one
// goroutine per message too when the goroutine sends back on the channel
// the loop receives from (re-queueing the rest of an oversized item): each
// waits for the busy loop, and under a stream of such messages they pile
// up. A semaphore taken in the loop or in the function before the go
// statement bounds them; goroutines a callee starts for other work (once
// per key, for the call's own duration) are not judged.
//
// A limit that limits nothing is reported too, wherever the loop gets its
// items:
//
//   - A slot given back too early: the code takes a slot of a channel
//     semaphore, starts the goroutine, and gives the slot back right after
//     the go statement (WaitGroup.Add calls may sit between them), while
//     the goroutine itself never touches the channel (a worker pool's
//     <-wp.workers; go f(); wp.workers <- struct{}{}). The go statement
//     never blocks, so the channel bounds nothing. The finding is at the
//     give-back, and its fix moves it into the goroutine as a deferred
//     call. A channel that another function uses as a lock around other
//     work stays silent: there, the go statement is a critical section.
//   - A limiter never set: the only bound of a loop's goroutines is an
//     Acquire on a limiter field behind "if u.limiter != nil", and nothing
//     in the package assigns that field (an unexported pointer field of one
//     of its types). The check always skips the acquire, so every
//     goroutine runs at once. An exported field, which other packages may
//     set, and a loop bounded another way as well, stay silent.
//
// WRONG:
//
//	for msg := range deliveries {
//		go process(msg) // one goroutine per message, however many arrive
//	}
//
// RIGHT:
//
//	sem := make(chan struct{}, 16)
//	for msg := range deliveries {
//		sem <- struct{}{}
//		go func() {
//			defer func() { <-sem }()
//			process(msg)
//		}()
//	}
//
// # Category leaked-goroutine
//
// A goroutine that can block forever or never terminate. These shapes are
// proved, not guessed:
//
// A goroutine sends on an unbuffered channel that its maker receives from in
// a select with ctx.Done(), time.After or a default, or after an early
// return: when the maker leaves first, the send blocks forever. The channel
// must not escape the function, so every partner is known. The finding is at
// the send, with the path on which the receiver goes away as Related. When
// one goroutine sends once, a suggested fix gives the channel a buffer of
// one.
//
// Goroutines that each send once on a buffered channel outnumber its slots
// (two copiers reporting on make(chan error, 1)), and the maker can return
// without receiving, on a timeout or a select's other case: the sends beyond
// the buffer block forever. A suggested fix gives the channel a slot per
// sender. Senders started in a loop are not counted, so a buffer sized to
// the loop stays silent.
//
// A reply channel made unbuffered and handed out send-only in a request's
// field (RespChan chan<- Response), when the asker waits for the reply in a
// select that can return through a timeout or ctx.Done() case: the
// responder's later send has no receiver. It is judged only when every send
// the package makes on that field is a plain send, so the responder is known
// to wait; a suggested fix gives the channel a buffer of one.
//
// A producer sends in a loop, outside a select, on a channel whose only
// receivers are workers it started (go, errgroup.Go) that can each return
// from inside their receive loop, on an error: once they all have, nothing
// receives, the send blocks forever, and so does whoever waits for the
// producer. A buffer of len(items) is room for every send and stays silent.
//
// A goroutine ranges over a channel that its maker never closes and the
// goroutine has no other way out: once the maker returns, it waits forever.
//
// A goroutine started on every call of a handler (HTTP, gin, echo, fiber,
// fasthttp, gRPC, message consumer) has no path that returns: an endless
// loop without a return, or a range over a ticker's channel, which is never
// closed. Background loops started once, from main or init, are not
// reported.
//
// The same holds for such a goroutine started by a function of the package
// that a handler reaches through static calls, unless the start may run
// once: under an if or after one that returns (if s.started { return }),
// or in a function some call site hands out as a callback (sync.Once.Do).
// Across packages, passes/forever marks as a fact each function whose every
// returning call starts such a goroutine, itself or through the functions
// it calls; a handler, or a function on its request path, that calls one is
// reported at the call.
//
// A goroutine with no path that returns, started (by go or by a helper
// whose fact says it starts its argument) in a method of a type that has a
// Close, Stop or Shutdown method, in a constructor returning one, or as a
// method of such a type (go r.watch() in a builder): every
// instance leaks one goroutine, which that method cannot stop. A range over
// a ticker's channel never ends (Ticker.Stop does not close it), and neither
// does a range over an unexported channel field that the package only sends
// on and receives from, since no code can close it. A type with none of those
// methods lives as long as the process, and its loops may too.
//
// A goroutine written to end that cannot: it ranges over an unexported
// channel field of its owner's type that nothing in the package closes, or
// every return waits on a channel field (a select case, a receive) that only
// functions no production code calls send on or close: an unexported
// shutdown method that only tests call. Every start leaks it. A range over
// a ticker's channel is the idiom for an endless loop and is left to the
// rule above; goroutines started from main or init are not reported.
//
// A send or receive, outside a select, on an unexported channel field of a
// named type that nothing in the package ever assigns: the channel is nil
// and the operation blocks forever. (In a select a nil case is the idiom
// for a disabled case, and stays silent.)
//
// A function queues a request that carries its own reply channel (a future)
// on a buffered channel field, then waits for the reply outside any select.
// The goroutines receiving from the field can return on shutdown, so a
// request still in the buffer is never answered and the wait never ends. A
// field that some code drains with a non-blocking receive, and an unbuffered
// field (a taken request is answered), stay silent.
//
// A method sends, outside a select, on a channel field whose only receivers
// are goroutines that can return (on Stop or Close): a call after the loop
// has returned blocks its caller forever. A send made only after testing the
// object's state (if s.closed { return }) is not reported, and neither is a
// channel that something closes.
//
// WRONG:
//
//	ch := make(chan *User)
//	go func() { ch <- load(id) }()
//	select {
//	case u := <-ch:
//		return u, nil
//	case <-ctx.Done():
//		return nil, ctx.Err() // the sender blocks forever
//	}
//
// RIGHT:
//
//	ch := make(chan *User, 1) // the send always completes
//	go func() { ch <- load(id) }()
//	select {
//	case u := <-ch:
//		return u, nil
//	case <-ctx.Done():
//		return nil, ctx.Err()
//	}
//
// # Category fire-and-forget
//
// A handler starts a goroutine that outlives the request and nothing can
// stop or wait for it: it gets no context other than a detached one
// (context.Background, context.WithoutCancel), the handler does not wait for
// it, and it touches no WaitGroup, group or channel kept in a field or
// package variable that a shutdown could use. At shutdown such work is cut
// off mid-way, and nothing bounds how long it runs. Goroutines that serve a
// connection the handler took over (Hijack, a websocket Upgrade), that do
// I/O on the client connection or the request body, or that signal a channel
// declared outside the handler, are tied to something else's lifetime and
// are not reported. The same goes for such a goroutine started by a
// function of the package that a handler reaches through static calls on
// every request (not behind a test of the object's state, and not in a
// function handed out as a callback); the finding names both.
//
// WRONG:
//
//	func (s *Server) signup(w http.ResponseWriter, r *http.Request) {
//		go s.mail.Send(r.FormValue("email"), "welcome")
//	}
//
// RIGHT:
//
//	func (s *Server) signup(w http.ResponseWriter, r *http.Request) {
//		s.wg.Add(1) // Shutdown calls s.wg.Wait()
//		go func() {
//			defer s.wg.Done()
//			s.mail.SendCtx(s.ctx, r.FormValue("email"), "welcome")
//		}()
//	}
//
// # Category deadlock
//
// Goroutines that block each other forever over a lock (from passes/lockset,
// which follows locks through aliases of a receiver and through the
// package's calls):
//
//   - a lock taken again by the goroutine that holds it, in the same function
//     or in a function of the package it calls that takes the lock on every
//     path: sync mutexes are not reentrant. A function that releases a lock
//     it never takes (Finish after StartCollection locked) is entered
//     holding it. The callee may reach the lock through a pointer back to
//     its owner: an element of a map or slice kept in the object whose lock
//     is held, locking its owner field's lock of the same field;
//   - a write lock taken while holding the read lock of the same RWMutex, and
//     a read lock taken twice, which deadlocks when a writer waits between;
//   - a WaitGroup.Wait, receive or send made while holding a lock that the
//     goroutine able to end the wait (it calls Done, sends, closes or
//     receives) takes before doing so; Wait needs every Done, so one
//     goroutine that must take the lock is enough. The goroutine may reach
//     the mutex through a pointer back to its owner (s.parent.lock for the
//     group's g.lock), unless the pointer is to its own type (a tree). When
//     the wait is in a callee, the finding is at the call under the lock;
//   - a return that leaves a lock held which the function took itself and
//     releases on its other returns from the same Lock (an early return on
//     an error path between Lock and Unlock): the next Lock blocks forever.
//     A return that hands the lock to the caller on success (a nil error,
//     true) is a lock helper's contract, and so is a lock taken in one
//     branch only to be handed over. When the return's results read nothing
//     the lock guards, a suggested fix unlocks just before it;
//   - an error return that skips the cleanup another error return of the
//     same function makes on the same handle: c := startGCContext(...),
//     then one failure calls c.cancel(ctx) before returning and another
//     returns without it, so whatever c holds (the collectors' locks, a
//     goroutine, a connection) stays held. The cleanup is a method named
//     like one (Cancel, Close, Abort, Rollback, Release, Stop, Discard,
//     Cleanup, Shutdown, Unlock) on a value a call made; the skipping
//     return is reached only once a later call's error is found non-nil.
//     A handle stored, returned, deferred, captured by a goroutine, or
//     passed on the way to that return to any call but the failing one is
//     someone else's to give back, and a time.Timer left running holds
//     nothing;
//   - a synchronizing wrapper (a method that is only Lock, one call of a
//     method of an interface-typed field of the receiver, Unlock, return)
//     that unlocks by a plain call: the wrapped value is other code, and
//     when it panics and the panic is recovered (net/http recovers handler
//     panics) the lock stays held. A suggested fix defers the unlock. The
//     same holds for a store into a map field between a Lock and a plain
//     Unlock when the package sets that field to nil elsewhere (a Close
//     that releases the map): the store panics with the lock held;
//   - a WaitGroup.Add(1) on a local WaitGroup with a path to its Wait that
//     starts no goroutine and calls no Done, such as a lookup that fails and
//     continues the loop between the Add and the go statement: the counter
//     never reaches zero. A WaitGroup handed to a helper, and Add(n) for a
//     loop of n goroutines, are not judged;
//   - a channel made with len(x) slots whose senders are started per item
//     of another collection y, when the function waits for them (wg.Wait,
//     g.Wait) before it receives: the sends beyond the buffer block and the
//     Wait never returns, and an empty x leaves no buffer at all;
//   - a goroutine (a function literal) that calls Done on a WaitGroup its
//     spawner waits on, with a path that returns without the Done (an early
//     return on an error): the Wait blocks forever. A suggested fix defers
//     the Done when it was the goroutine's last statement. A Wait inside
//     such a goroutine on the same WaitGroup waits for its own Done;
//   - a Cond.Wait on an unexported condition variable or field on which the
//     package never calls Signal or Broadcast and which it never hands to
//     other code: nothing can wake the waiter;
//   - two locks taken in opposite orders (B while holding A, A while
//     holding B), or around a longer cycle, by contexts that can run at the
//     same time: exported methods, goroutines, handlers. A lock is its
//     mutex field, so the field of every object of one type is one lock; two
//     objects of one type locked together (a transfer between accounts) are
//     not judged, and a cycle whose every edge holds one common gate lock
//     cannot close;
//   - a function stored in a package-level function variable (a replaceable
//     hook) that takes a package-level mutex which some caller of the
//     variable holds at the call: the call locks it again. The hook's
//     package exports the locks held at its calls as a fact, so the store is
//     reported in whichever package makes it.
//
// Locks of different objects, and elements of one slice, are different
// locks; a callee that takes the lock only on some paths (a lock flag) is not
// reported, nor is a wait that some code can end without the lock (a reader
// draining the channel that writers fill under it), nor a receive that takes
// back a token its own code sent just before.
//
// WRONG:
//
//	func (p *Pool) Reload() {
//		p.mu.Lock()
//		defer p.mu.Unlock()
//		if p.Len() == 0 { // Len locks p.mu too
//			p.reset()
//		}
//	}
//
// RIGHT:
//
//	func (p *Pool) Reload() {
//		p.mu.Lock()
//		defer p.mu.Unlock()
//		if len(p.conns) == 0 {
//			p.reset()
//		}
//	}
//
// # Options
//
// None.
//
// # Suppressing a finding
//
// Put //msvclint:ignore unboundedgo followed by the reason on the reported line or
// on its own line just above it. A directive without a reason, and one that
// suppresses nothing, are findings themselves.
package unboundedgo
