// Package sarama is a test stub of github.com/IBM/sarama.
package sarama

import "time"

type KafkaVersion struct{ v string }

var V3_6_0_0 = KafkaVersion{"3.6.0"}

type RequiredAcks int16

const WaitForAll RequiredAcks = -1

type Config struct {
	ClientID string
	Version  KafkaVersion
	Net      struct {
		DialTimeout time.Duration
		TLS         struct{ Enable bool }
	}
	Producer struct {
		RequiredAcks RequiredAcks
		Retry        struct{ Max int }
		Return       struct{ Successes, Errors bool }
	}
	Consumer struct {
		Offsets struct{ Initial int64 }
	}
}

const OffsetOldest int64 = -2

func NewConfig() *Config { return &Config{} }

type SyncProducer interface{ Close() error }

func NewSyncProducer(addrs []string, config *Config) (SyncProducer, error) { return nil, nil }
