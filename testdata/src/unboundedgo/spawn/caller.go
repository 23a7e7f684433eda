package spawn

// Batcher re-queues the remainder of every oversized item from a new
// goroutine, once per item its loop receives.
type Batcher struct {
	items chan []int
	max   int
	slots chan struct{}
	out   [][]int
}

func (b *Batcher) Start() {
	go b.loop()
}

func (b *Batcher) loop() {
	for {
		select {
		case it := <-b.items:
			b.process(it)
		}
	}
}

func (b *Batcher) process(it []int) {
	if len(it) > b.max {
		rest := it[b.max:]
		it = it[:b.max]
		go func() { // want `starts a goroutine on every call of process, which runs once per message received from b.items, and each waits to send back to the loop`
			b.items <- rest
		}()
	}
	b.out = append(b.out, it)
}

// LimitedBatcher takes a slot before each re-queue goroutine.
type LimitedBatcher struct {
	items chan []int
	slots chan struct{}
}

func (b *LimitedBatcher) Run() {
	for it := range b.items {
		b.process(it)
	}
}

func (b *LimitedBatcher) process(it []int) {
	if len(it) > 10 {
		b.slots <- struct{}{}
		go func() {
			defer func() { <-b.slots }()
			b.items <- it[10:]
		}()
	}
}

// Once starts its flusher from a method called once, not from a loop.
type Once struct{ done chan struct{} }

func (o *Once) Init() { o.start() }

func (o *Once) start() {
	go func() { <-o.done }()
}

// Dispatcher starts one handler per topic, the first time it sees it, and
// one watcher per request for the request's own duration.
type Dispatcher struct {
	input    chan string
	handlers map[string]chan string
	done     chan struct{}
}

func (d *Dispatcher) Run() {
	for msg := range d.input {
		h := d.handlers[msg]
		if h == nil {
			h = d.newHandler(msg)
			d.handlers[msg] = h
		}
		h <- msg
		d.handle(msg)
	}
}

func (d *Dispatcher) newHandler(topic string) chan string {
	ch := make(chan string)
	go func() {
		for m := range ch {
			_ = m
		}
	}()
	return ch
}

func (d *Dispatcher) handle(msg string) {
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		select {
		case <-d.done:
		case <-stop:
		}
	}()
	_ = msg
}

// The constructors make the channels the cases above use.
func NewBatcher() *Batcher {
	return &Batcher{items: make(chan []int), slots: make(chan struct{}, 4)}
}

func NewLimitedBatcher() *LimitedBatcher {
	return &LimitedBatcher{items: make(chan []int), slots: make(chan struct{}, 4)}
}

func NewOnce() *Once { return &Once{done: make(chan struct{})} }

func NewDispatcher() *Dispatcher {
	return &Dispatcher{input: make(chan string), done: make(chan struct{})}
}
