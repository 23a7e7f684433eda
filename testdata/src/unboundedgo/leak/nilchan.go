package leak

// Notifier never makes its channel.
type Notifier struct {
	events chan string
	ready  chan struct{}
	off    chan int
}

func NewNotifier() *Notifier {
	return &Notifier{ready: make(chan struct{})}
}

func (n *Notifier) Notify(e string) {
	n.events <- e // want `nothing in the package ever assigns events, so it is a nil channel and this send blocks forever`
}

func (n *Notifier) Next() string {
	return <-n.events // want `nothing in the package ever assigns events, so it is a nil channel and this receive blocks forever`
}

// Ready is made in the constructor.
func (n *Notifier) Ready() { <-n.ready }

// Poll selects on a nil channel: a disabled case, the idiom.
func (n *Notifier) Poll() int {
	select {
	case v := <-n.off:
		return v
	default:
		return 0
	}
}

// ring spells its slot type twice: the field objects differ, so the make
// in one spelling cannot be matched to the receive in the other.
type ring struct {
	slots []*struct{ value chan int }
}

func newRing() *ring {
	slots := []*struct{ value chan int }{{value: make(chan int, 1)}}
	return &ring{slots: slots}
}

func (r *ring) take() int { return <-r.slots[0].value }

// probe's channel is made in a package-level variable's initializer.
type probe struct{ release chan struct{} }

func (p *probe) wait() { <-p.release }

var _ = register(func() *probe { return &probe{release: make(chan struct{})} })

func register(f func() *probe) int { return 0 }
