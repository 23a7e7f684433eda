package leak

import "time"

// Wheel's methods send to its run loop, which returns on Stop.
type Wheel struct {
	setChannel  chan int
	stopChannel chan struct{}
	tickCh      chan int
}

func NewWheel() *Wheel {
	w := &Wheel{setChannel: make(chan int), stopChannel: make(chan struct{}), tickCh: make(chan int)}
	go w.run()
	return w
}

func (w *Wheel) SetTimer(v int) {
	w.setChannel <- v // want `Wheel.SetTimer sends on setChannel, which only the goroutine started in NewWheel receives, and that goroutine can return`
}

// Tick selects on the stop signal too.
func (w *Wheel) Tick(v int) {
	select {
	case w.tickCh <- v:
	case <-w.stopChannel:
	}
}

func (w *Wheel) Stop() { close(w.stopChannel) }

func (w *Wheel) run() {
	for {
		select {
		case v := <-w.setChannel:
			_ = v
		case v := <-w.tickCh:
			_ = v
		case <-w.stopChannel:
			return
		}
	}
}

// Forever's loop never returns: sends to it always find it.
type Forever struct{ in chan int }

func NewForever() *Forever {
	f := &Forever{in: make(chan int)}
	go f.loop()
	return f
}

func (f *Forever) Put(v int) { f.in <- v }

func (f *Forever) loop() {
	for v := range time.Tick(time.Second) {
		select {
		case x := <-f.in:
			_ = x + v.Second()
		default:
		}
	}
}
