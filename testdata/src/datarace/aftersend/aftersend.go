// Package aftersend hands messages to a consumer over channels: from the
// send on, the consumer owns what was sent.
package aftersend

import "sync"

// Message is a batch of records.
type Message struct {
	Topic   string
	Records []string
	Meta    map[string]string
	reply   chan error
}

// Producer sends messages to its consumer.
type Producer struct {
	out   chan *Message
	lines chan []string
	metas chan map[string]string
	mu    sync.Mutex
}

// NewProducer starts the consumer.
func NewProducer() *Producer {
	p := &Producer{out: make(chan *Message), lines: make(chan []string), metas: make(chan map[string]string)}
	go p.consume()
	return p
}

func (p *Producer) consume() {
	for {
		select {
		case m := <-p.out:
			_ = m.Topic
			if m.reply != nil {
				m.reply <- nil
			}
		case l := <-p.lines:
			_ = len(l)
		case md := <-p.metas:
			_ = len(md)
		}
	}
}

// Send stamps the topic after handing the message over.
func (p *Producer) Send(topic string, recs []string) {
	m := &Message{Records: recs}
	p.out <- m
	m.Topic = topic // want `m is written after it was sent on a channel on line \d+: the receiver owns it from the send`
}

// SendLines reuses its buffer after sending it.
func (p *Producer) SendLines(lines []string) {
	buf := make([]string, len(lines))
	copy(buf, lines)
	p.lines <- buf
	buf[0] = "" // want `buf is written after it was sent on a channel`
}

// SendMeta adds to a map it has sent.
func (p *Producer) SendMeta(k, v string) {
	md := map[string]string{}
	p.metas <- md
	md[k] = v // want `md is written after it was sent on a channel`
}

// SendReady finishes the message, then sends it.
func (p *Producer) SendReady(topic string) {
	m := &Message{}
	m.Topic = topic
	p.out <- m
}

// Request waits for the consumer's reply before touching the message.
func (p *Producer) Request(topic string) error {
	m := &Message{Topic: topic, reply: make(chan error)}
	p.out <- m
	err := <-m.reply
	m.Topic = ""
	return err
}

// SendAll sends a new message per topic: the write at the top of the loop
// is to the next one.
func (p *Producer) SendAll(topics []string) {
	for _, t := range topics {
		m := &Message{}
		m.Topic = t
		p.out <- m
	}
}

// SendCopy sends a value: the consumer has its own copy.
func (p *Producer) SendCopy(topic string, vals chan Message) {
	m := Message{Topic: topic}
	vals <- m
	m.Topic = ""
}
