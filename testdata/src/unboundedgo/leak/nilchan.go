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
