package spawn

import "github.com/panjf2000/ants/v2"

// consumePool submits each message to a pool of 16 workers: at most 16
// handle messages at once.
func consumePool(msgs <-chan Msg) error {
	p, err := ants.NewPool(16)
	if err != nil {
		return err
	}
	defer p.Release()
	for m := range msgs {
		if err := p.Submit(func() { handle(m) }); err != nil {
			return err
		}
	}
	return nil
}

// consumePoolBypassed makes a pool but starts a bare goroutine per message.
func consumePoolBypassed(msgs <-chan Msg) {
	p, _ := ants.NewPool(16)
	defer p.Release()
	for m := range msgs {
		go handle(m) // want `starts a goroutine once per value received from msgs with nothing bounding how many run at once`
	}
}
