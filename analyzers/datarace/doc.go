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
// It builds on three shared passes: passes/concurrency (where goroutines
// start, which functions frameworks run concurrently), passes/locks (the
// locks held before each statement, lock-helper summaries and guarded-by
// facts that travel across packages) and the curated table of
// synchronization APIs in internal/knowledge/sync. Orderings it accepts
// between a goroutine and its spawner: the go statement itself, a channel
// send, receive, close or select, WaitGroup.Wait, errgroup's Wait,
// sync.Once.Do, sync.Cond, sync.Map and sync/atomic calls, a mutex held on
// both sides, and any call of a function of the same package that may do one
// of these. Closures nested inside a goroutine or spawner (deferred calls,
// Once.Do bodies, callbacks) are deliberately not analyzed as either side:
// when they run is not local knowledge. Method values and function values
// started as goroutines capture nothing the check can see and are skipped.
// Generic functions are analyzed once, on their syntax.
//
// Each finding names the variable or field, points at one access, and gives
// the other access and the goroutine's start (or the entry point) as related
// positions.
//
// # Category captured-var
//
// A local variable captured by a goroutine's closure (a go statement,
// errgroup.Go, WaitGroup.Go, time.AfterFunc, or a helper known to start its
// argument) is written on one side and used on the other with no ordering
// between them: the spawner reads or writes it after starting the goroutine
// and before any wait or channel operation, a return statement writes a
// named result the goroutine still uses, or every goroutine of a loop writes
// a variable declared outside the loop. In files whose Go version is before
// 1.22, a loop variable read by a goroutine started in the loop is reported
// too: the loop has one variable for all iterations.
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
// to a RegisterXServer function), a gin, echo or fiber handler, a message
// consumer. Methods the entry point calls on the same receiver, and
// functions it calls, are followed a few levels deep, unless some caller
// calls them with a lock held. A handler literal writing a variable of the
// function that registered it is reported too. Value receivers (copies),
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
// A struct field that is accessed with a sibling mutex held in most places is
// accessed without it in code that runs concurrently (a goroutine, an entry
// point, or what they call); or it is written while holding only the read
// lock. The guard is inferred when at least 3 counted accesses, and at least
// three quarters of them, hold the same mutex, and the field is written
// somewhere; accesses on objects under construction and in helpers whose
// callers hold a lock are not counted. Annotating the field with
// //msvclint:guardedby mu makes the rule explicit: then every access without
// mu is reported, concurrent or not. Both the inferred and the annotated
// guard travel to importing packages as facts. Test files are not checked
// by this rule: test servers order their teardown through channels (close
// the listener, wait for the goroutine's done channel, clear the field) that
// the lock-based reasoning does not follow.
//
// WRONG:
//
//	func (s *Store) Len() int {
//		return len(s.sessions) // every other access holds s.mu
//	}
//
// RIGHT:
//
//	func (s *Store) Len() int {
//		s.mu.RLock()
//		defer s.mu.RUnlock()
//		return len(s.sessions)
//	}
//
// # Category waitgroup
//
// WaitGroup.Add called inside a goroutine (anywhere in its body, for itself
// or for goroutines it starts) while the spawner waits on the same WaitGroup
// and never adds to it itself: the goroutine is not counted, so Wait can
// return, or race with Add, before Add runs. And Done called, not deferred,
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
