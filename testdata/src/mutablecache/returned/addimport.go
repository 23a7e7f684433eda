package returned

import "sync"

// Zones caches the zones of each region.
type Zones struct {
	mu    sync.Mutex
	zones map[string][]string
	fetch func(region string) []string
}

func (z *Zones) Of(region string) []string {
	z.mu.Lock()
	defer z.mu.Unlock()
	zs, ok := z.zones[region]
	if !ok {
		zs = z.fetch(region)
		z.zones[region] = zs
	}
	return zs // want `Zones.Of returns the \[\]string slice held in cache Zones.zones`
}
