// Package mutablecache defines the msvclint check mutablecache.
//
// # Analyzer mutablecache
//
// mutablecache: report caches that hand out, keep or go stale with mutable data
//
// A cache that hands out the slice, map or pointer it stores lets one caller
// change the value every other caller sees; a cache that keeps the slice a
// caller passed in changes when the caller reuses its buffer. These bugs are
// silent and intermittent: a request sees another request's edit, or the
// service dies with "concurrent map writes". Kubernetes ships a runtime
// detector because informer caches must never be modified by their users.
// A cache that is filled from the database and not invalidated when the
// same service writes the row serves the old value on every replica until
// restart.
//
// What is a cache is decided from shape and use, never from names: a map,
// sync.Map or cache library value (hashicorp/golang-lru v1 and v2,
// ristretto, go-cache, go-zero's collection.Cache, jellydator/ttlcache v3,
// whose Get returns an item and item.Value() is the stored value, and
// maypok86/otter v1; bigcache and freecache copy and cannot alias) in a
// struct field or package
// variable, that a function reads
// and also fills with a value it loaded or computed by a call (or whose
// Get and Set methods a caller uses that way). A map filled with what
// callers hand in is a registry, one filled with empty new objects is
// get-or-create bookkeeping, and one updated from its own entries
// (m[k] = append(m[k], v)) is an accumulator: none of them is a cache.
// client-go listers' Get and List results are informer cache data by
// definition. A golang.org/x/sync/singleflight.Group is treated like a
// cache: Do (and what DoChan delivers) hands the one result to every caller
// that joined the call, so returning it without a copy, or writing through
// it, shares the change with the other callers; Forget drops an entry.
//
// What is mutable is decided from types: slices and maps are; a pointer is
// when it points to a struct with fields its holder can set (exported
// fields, for a caller in another package). Strings, numbers, interfaces,
// functions, channels and structs copied by value are not, nor is a struct
// that carries its own lock or atomics (an object built for sharing), nor a
// type annotated //msvclint:immutable. A copy is whatever does not come
// from the cache: slices.Clone, maps.Clone, copy, append([]T(nil), s...),
// a struct copied by value, a DeepCopy or Clone method.
//
// Findings connect across packages through facts: a function that returns
// cached data says so to its importers (a function that returns a loaded
// atomic snapshot says so too), and so does a repository method
// that reads or writes a table (recognized from database/sql, sqlx and
// go-zero sqlx calls with a constant query).
//
// # Category returned-alias
//
// An exported function returns a slice, map or pointer to mutable data that
// it read from (or just stored into) a cache of its package, without a copy.
// For slices and maps, the suggested fix wraps the value in slices.Clone or
// maps.Clone. A struct returned by value (an entry of a map of structs, or
// *p of a cached pointer) is a copy of its fields only: when a field is a
// slice, map or pointer to mutable data, the copy still shares it with the
// cached one, and the finding names that field. A struct with no such field,
// or whose shared fields the function replaces before returning, is a real
// copy.
//
// WRONG:
//
//	func (c *Catalog) Tags(category string) []string {
//		c.mu.RLock()
//		defer c.mu.RUnlock()
//		return c.tags[category]
//	}
//
// RIGHT:
//
//	func (c *Catalog) Tags(category string) []string {
//		c.mu.RLock()
//		defer c.mu.RUnlock()
//		return slices.Clone(c.tags[category])
//	}
//
// # Category returned-store
//
// An exported method returns a slice or map field of its receiver, read
// with the receiver's lock held, and the package changes that field's
// contents in place under the lock: element or key writes, delete or clear,
// a truncating reslice (s.f = s.f[:0]) that later appends write over, an
// in-place sort. The caller keeps reading the slice or map after the lock is
// released while another goroutine changes it: a data race and, for a map, a
// crash. A field that is only ever replaced (copy on write) is safe to hand
// out and is not reported, and neither is one that only the constructor
// fills, before any caller can see it. The suggested fix returns
// slices.Clone or maps.Clone of it. A window of the slice (s.items[i:j])
// shares its backing array and is reported the same way. A pointer to an
// element (&s.items[i]) is reported whether or not the package changes the
// slice in place: the caller reads and writes the element after the lock is
// released; return the element by value.
//
// WRONG:
//
//	func (n *Nodes) Addrs() []string {
//		n.mu.RLock()
//		defer n.mu.RUnlock()
//		return n.active // GC truncates and refills n.active under n.mu
//	}
//
// RIGHT:
//
//	func (n *Nodes) Addrs() []string {
//		n.mu.RLock()
//		defer n.mu.RUnlock()
//		return slices.Clone(n.active)
//	}
//
// # Category stored-alias
//
// An exported function stores a slice or map its caller passed in as a
// cache entry. When the caller reuses its buffer, the cached entry changes
// under every reader. Pointers are not reported here: keeping the pointer a
// caller hands over is the usual contract. The suggested fix stores a clone.
// The same holds for memory the function borrows in other ways: a slice or
// map read from a field of a parameter (req.Tags), a slice or map parameter
// wrapped in a new struct (&Entry{Tags: tags}), and the bytes of a
// bytes.Buffer taken from a sync.Pool, which its next user overwrites once
// it is back in the pool (the fix stores bytes.Clone of them). So are bytes
// that an API lends until its next call: bufio.Scanner.Bytes,
// bufio.Reader.Peek, and fasthttp's request and response bodies, paths,
// arguments and headers, which fasthttp reuses once the handler returns or
// the response is released.
//
// WRONG:
//
//	func (b *Blobs) Put(path string, page []byte) {
//		b.mu.Lock()
//		defer b.mu.Unlock()
//		b.pages[path] = page
//	}
//
// RIGHT:
//
//	func (b *Blobs) Put(path string, page []byte) {
//		b.mu.Lock()
//		defer b.mu.Unlock()
//		b.pages[path] = slices.Clone(page)
//	}
//
// # Category cached-mutation
//
// Code obtains a value from a cache (directly, through a function whose fact
// says it returns cached data, possibly in another package, or from a
// client-go lister) and writes through it: assigns a field, writes a map
// entry or slice element, appends to it in place, copies into it, deletes
// from it, or sorts it. The cache's own methods, and functions that fill the
// cache themselves, manage their entries by design and are not reported.
// Values kept on a request's context (gin's c.Set and c.Get, echo's) live
// for that request alone and are not a cache.
//
// An atomic.Value or atomic.Pointer in a struct field or package variable
// publishes a snapshot that readers use without a lock (copy on write).
// Loading it, reading it or handing it out is the point and is never
// reported; writing into the loaded snapshot in place (a field, a map entry,
// a slice element, append, delete, an in-place sort), directly or through a
// function that returns it (in this package or, by a fact, another), is a
// write to data every reader shares, reported under this category. The
// owner's own methods are no exception, and neither is holding a writers'
// mutex: readers take no lock. Not reported: a snapshot of a struct that
// carries its own lock or atomics, and one the function is still building.
// Change a copy and Store the copy.
//
// WRONG:
//
//	u, err := a.users.User(ctx, id) // returns the cached *User
//	u.Email = strings.ToLower(u.Email)
//
// RIGHT:
//
//	cached, err := a.users.User(ctx, id)
//	u := *cached
//	u.Email = strings.ToLower(u.Email)
//
// # Category shared-append
//
// append(x, v) onto a long-lived slice x (a field, a package variable, a
// slice kept in an atomic.Value) that the package itself grows by append
// (s.attrs = append(s.attrs, a), or through a helper that returns its
// argument appended to), when the result is kept somewhere other than x.
// Such a slice can have spare capacity, and every append on it
// writes its new elements into that same spare room: two appends share one
// backing array, and the later one overwrites what the earlier one added.
// Reported when two can meet: two appends on x in one function, an append
// on a package variable (any goroutine may call the function), one on a
// field of a snapshot the package publishes in an atomic.Value (every
// reader shares it), or one on a field in code a framework runs
// concurrently. The growth idiom itself
// (the result stored back into x), appends onto slices the package only
// ever sets whole, onto fields of an object the function has just made, or
// onto a clipped slice (x[:len(x):len(x)], slices.Clip(x)) are not
// reported. The suggested fix wraps x in slices.Clip, so the append copies.
//
// WRONG:
//
//	idle := append(conf.attrs, attribute.String("state", "idle"))
//	used := append(conf.attrs, attribute.String("state", "used"))
//
// RIGHT:
//
//	idle := append(slices.Clip(conf.attrs), attribute.String("state", "idle"))
//	used := append(slices.Clip(conf.attrs), attribute.String("state", "used"))
//
// # Category mutated-default
//
// A library sets a field on a process-wide default of the standard library
// (http.DefaultTransport, http.DefaultClient), directly or through a field
// that holds it unless an option replaces it (options.transport). Every
// other client in the process shares that object, so the TLS settings,
// timeouts or proxies set for one client apply to all of them, and a write
// while others send requests is a data race. Package main, which owns the
// process, is not reported, and neither are clones (Transport.Clone), new
// objects or transports the caller supplied.
//
// WRONG:
//
//	if tr, ok := o.transport.(*http.Transport); ok {
//		tr.TLSClientConfig = o.tlsConf
//	}
//
// RIGHT:
//
//	if tr, ok := o.transport.(*http.Transport); ok {
//		tr = tr.Clone()
//		tr.TLSClientConfig = o.tlsConf
//		o.transport = tr
//	}
//
// # Category partial-key
//
// A cache keyed by several fields of a parameter (a client pool keyed by
// fmt.Sprintf("%s:%d", cfg.Host, cfg.Port)) whose entry a function of the
// package builds from more of that parameter's fields (newClient also reads
// cfg.TLS and cfg.Timeout). The key is a fingerprint that misses a field:
// a configuration that differs only there gets the entry built for another
// one, silently (a plain connection for a TLS config). The fields the entry
// depends on are those the builder reads, also through the package's
// functions it hands the parameter to. A key of one field (an ID, a name)
// identifies an entity whose other fields are attributes and is not
// reported, nor is a key of the whole value or of every field the builder
// reads, nor a key built from a method's receiver.
//
// WRONG:
//
//	key := fmt.Sprintf("%s:%d", cfg.Host, cfg.Port)
//	p.clients[key] = newClient(cfg) // newClient reads cfg.TLS too
//
// RIGHT:
//
//	key := fmt.Sprintf("%s:%d:%t", cfg.Host, cfg.Port, cfg.TLS)
//	p.clients[key] = newClient(cfg)
//
// # Category shallow-clone
//
// A function or method named Clone, Copy, DeepCopy or DeepClone builds a new
// map and fills it with the slice or map values of the map it was given,
// as they are. Its name promises a copy the caller may change; the values
// are still the original's, so an append into spare capacity, an element
// write or a map write through the copy changes the original too (kratos's
// Metadata.Clone). Values without references (numbers, strings, structs of
// them) and copies whose doc comment says shallow are not reported. The
// suggested fix stores slices.Clone or maps.Clone of each value.
//
// WRONG:
//
//	for k, v := range m {
//		md[k] = v
//	}
//
// RIGHT:
//
//	for k, v := range m {
//		md[k] = slices.Clone(v)
//	}
//
// # Category shared-reorder
//
// A call that reorders or rewrites a slice in place (sort.Strings,
// slices.Sort, and attribute.NewSet, which re-orders the slice it is given)
// on a field or package variable whose slice the package also keeps, as it
// is, in a field of another object (hook.attrs = conf.attrs). Whoever reads
// it there sees it move, and from another goroutine that is a data race
// (go-redis's redisotel sorting its configured attributes under the
// metrics hooks that read them). Not reported: a copy passed instead, values
// listed one by one (the callee gets an array of its own), a slice kept in
// one place only, and methods of the type that declares the field. Where
// the call's result is what it is for (NewSet), the fix passes
// slices.Clone of the slice.
//
// WRONG:
//
//	poolAttrs = attribute.NewSet(conf.attrs...)
//
// RIGHT:
//
//	poolAttrs = attribute.NewSet(slices.Clone(conf.attrs)...)
//
// # Category unbounded
//
// A hand-written cache gets an entry for every distinct key a client sends
// (a key computed from an *http.Request, a gin or echo context, or a gRPC
// request message, in the filling function or in one of the package's
// callers that passes it down to a helper) and nothing ever deletes, clears,
// resets or size-checks it: any client can grow it until the process runs
// out of memory.
//
// WRONG:
//
//	img, ok := t.cache[r.URL.Path]
//	if !ok {
//		img = render(r.URL.Path)
//		t.cache[r.URL.Path] = img
//	}
//
// RIGHT:
//
//	thumbs, _ := lru.New[string, []byte](1024)
//	img, ok := thumbs.Get(r.URL.Path)
//	if !ok {
//		img = render(r.URL.Path)
//		thumbs.Add(r.URL.Path, img)
//	}
//
// # Category unsynchronized
//
// A plain map cache is written from code that runs concurrently with itself
// (a net/http, gin, echo, fiber or fasthttp handler, a gRPC method, a
// message consumer, a goroutine started in a loop, as the concurrency pass
// finds them) and no lock is in sight: none taken in the function, in what
// it calls or in what calls it. A mutex in the struct that holds the map
// guards nothing while no path to the write takes it; the finding then says
// to take that mutex. Two requests at once crash the process with
// "concurrent map writes".
//
// WRONG:
//
//	var countries = map[string]string{}
//
//	func Country(w http.ResponseWriter, r *http.Request) {
//		ip := r.Header.Get("X-Forwarded-For")
//		c, ok := countries[ip]
//		if !ok {
//			c = lookup(ip)
//			countries[ip] = c
//		}
//		io.WriteString(w, c)
//	}
//
// RIGHT:
//
//	var countries sync.Map
//
//	func Country(w http.ResponseWriter, r *http.Request) {
//		ip := r.Header.Get("X-Forwarded-For")
//		c, ok := countries.Load(ip)
//		if !ok {
//			c, _ = countries.LoadOrStore(ip, lookup(ip))
//		}
//		io.WriteString(w, c.(string))
//	}
//
// # Category stale
//
// A cache is filled from a database table keyed by a parameter, and another
// function of the package writes the same table (UPDATE, DELETE, INSERT,
// directly or through a repository method whose fact says so), taking a
// value of the key's type, and neither it, nor anything it calls, nor
// anything that calls it deletes or overwrites a cache entry. The finding is
// on the write; Related points at the cache and its fill. Caches with a TTL
// sweep or eviction, caches loaded without a key (start-up loads), writes
// followed by invalidation and write-through caches are not reported, and
// neither is a write the check cannot connect to the cache (a query built at
// run time, a key of another type).
//
// A repository behind an interface (a UserRepository with GetUser and
// UpdateName, implemented by SQL, an ORM or a remote API) counts as one
// table: an interface with both reading methods (Get, Find, Fetch, Load,
// List, Lookup, Query, Read, Select, Search...) and writing ones (Update,
// Delete, Remove, Save, Set, Put, Patch, Upsert...) is a store of records,
// and a cache filled from its reads goes stale when the package calls its
// writes without dropping the entry, directly or through helpers of other
// packages (by their facts). Create, Insert and Add are inserts. An
// interface with reads but no writes (a client of another service) is not
// a repository.
//
// The same category covers a cache keyed by a parameter that nothing ever
// drops an entry from (no delete, clear, reset, eviction or TTL sweep) while
// the package updates or deletes rows of the table it is filled from, even
// when the write's key cannot be matched: the finding is then on the fill,
// with the write in Related. Inserts alone do not count: a new row cannot be
// in the cache yet.
//
// And it covers a cache computed from another field of its struct, such as
// a configuration (the fill reads into that field, or hands it to a function
// that computes the value), when a method replaces that field (a reload) and
// nothing on its path clears the cache: entries computed from the old value
// are served until restart. A field the fill only calls methods on (a
// client) does not make the cache stale when it is swapped.
//
// WRONG:
//
//	func (s *Service) Rename(ctx context.Context, id int64, name string) error {
//		return s.repo.Rename(ctx, id, name)
//	}
//
// RIGHT:
//
//	func (s *Service) Rename(ctx context.Context, id int64, name string) error {
//		if err := s.repo.Rename(ctx, id, name); err != nil {
//			return err
//		}
//		s.mu.Lock()
//		delete(s.users, id)
//		s.mu.Unlock()
//		return nil
//	}
//
// # Category check-then-act
//
// A function looks a key up in a map cache under a lock, releases the lock
// on a miss, computes the value and takes the lock again to store it; or it
// loads a key from a sync.Map and later stores it with Store instead of
// LoadOrStore. Two goroutines that miss at once both compute and both
// store: the second overwrites the first, and the caller that got the first
// value holds a duplicate the cache no longer has (two sessions for one
// token, two clients for one address), besides the doubled work. The
// finding is on the store; Related points at the lookup. Not reported: a
// fill that re-checks the key after taking the write lock, a lookup and fill
// under one hold of the lock (also the caller's hold, in a helper that takes
// none), a fill run by sync.Once or singleflight, LoadOrStore, a Store that
// only the winner of a LoadOrStore reaches, and Swap; nor a fill run by a
// call that is handed the same string key (Do(key, func...), the shape of
// every singleflight). Only values whose identity matters are reported: a
// resource with a Close method (a connection), an object with its own
// state (a lock, an atomic, a channel), or an interface with methods that
// may be one.
// Data (numbers, strings, slices, maps, structs of them) that both callers
// compute alike costs only the doubled work. The lookup and the fill
// must be written in one function or in literals it calls in place: a
// caller pairing a cache type's own Get and Set methods is not followed.
//
// WRONG:
//
//	func (c *Profiles) Get(name string) *Profile {
//		c.mu.RLock()
//		p, ok := c.byName[name]
//		c.mu.RUnlock()
//		if ok {
//			return p
//		}
//		p = c.load(name)
//		c.mu.Lock()
//		c.byName[name] = p
//		c.mu.Unlock()
//		return p
//	}
//
// RIGHT:
//
//	func (c *Profiles) Get(name string) *Profile {
//		c.mu.RLock()
//		p, ok := c.byName[name]
//		c.mu.RUnlock()
//		if ok {
//			return p
//		}
//		c.mu.Lock()
//		defer c.mu.Unlock()
//		if p, ok := c.byName[name]; ok {
//			return p // another caller filled it meanwhile
//		}
//		p = c.load(name)
//		c.byName[name] = p
//		return p
//	}
//
// To keep a slow load outside the lock, run it through a
// singleflight.Group keyed by name instead.
//
// # Category fill-before-write
//
// A write-through cache filled before the write it caches: a method puts
// entries into its type's map or slice (one that some method of the type
// reads before asking a backing store field on a miss) and then returns
// the error of the backing store's call, so a failed write leaves the
// entries in the cache. Reads then serve data that was never stored, until
// the entry is overwritten. Filling after the call succeeded, or dropping
// the whole cache before a delete, stays silent, and so does a map no
// method reads in place of the store.
//
// WRONG:
//
//	func (c *LogCache) StoreLogs(logs []*Log) error {
//		c.mu.Lock()
//		for _, l := range logs {
//			c.cache[l.Index%n] = l
//		}
//		c.mu.Unlock()
//		return c.store.StoreLogs(logs) // on failure, c.cache has them anyway
//	}
//
// RIGHT:
//
//	func (c *LogCache) StoreLogs(logs []*Log) error {
//		if err := c.store.StoreLogs(logs); err != nil {
//			return err
//		}
//		c.mu.Lock()
//		for _, l := range logs {
//			c.cache[l.Index%n] = l
//		}
//		c.mu.Unlock()
//		return nil
//	}
//
// # Options
//
// None.
//
// # Suppressing a finding
//
// Put //msvclint:ignore mutablecache followed by the reason on the reported line or
// on its own line just above it. A directive without a reason, and one that
// suppresses nothing, are findings themselves. To declare a type as shared
// read-only data everywhere, put //msvclint:immutable on its declaration.
package mutablecache
