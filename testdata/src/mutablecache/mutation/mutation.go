package mutation

import (
	"context"
	"slices"
	"sort"
	"sync"

	lru "github.com/hashicorp/golang-lru/v2"
	corev1 "k8s.io/api/core/v1"
	listers "k8s.io/client-go/listers/core/v1"
)

// Session is what the session cache holds.
type Session struct {
	User   string
	Scopes []string
	Attrs  map[string]string
}

func newSession(token string) *Session {
	return &Session{User: token, Attrs: map[string]string{}}
}

var sessions sync.Map // token -> *Session

func lookup(ctx context.Context, token string) *Session {
	if v, ok := sessions.Load(token); ok {
		return v.(*Session)
	}
	s := newSession(token)
	sessions.Store(token, s)
	return s
}

func Impersonate(ctx context.Context, token, user string) {
	s := lookup(ctx, token)
	s.User = user // want `Impersonate writes field User of the \*Session from the cache behind lookup`
}

func Tag(ctx context.Context, token, k, v string) {
	s := lookup(ctx, token)
	s.Attrs[k] = v // want `Tag writes an entry of the map\[string\]string from the cache behind lookup`
}

func FirstScope(ctx context.Context, token string) string {
	s := lookup(ctx, token)
	if len(s.Scopes) == 0 {
		return ""
	}
	sort.Strings(s.Scopes) // want `FirstScope sorts or modifies in place the \[\]string from the cache behind lookup`
	return s.Scopes[0]
}

// WithScope copies before it changes anything.
func WithScope(ctx context.Context, token, scope string) Session {
	s := *lookup(ctx, token)
	s.Scopes = append(slices.Clone(s.Scopes), scope)
	s.User = "copy"
	return s
}

// Quota is a self-synchronized entry: sharing it is the point.
type Quota struct {
	mu   sync.Mutex
	Used int
}

func newQuota(tenant string) *Quota { return &Quota{Used: len(tenant)} }

// Quotas hands out one Quota per tenant.
type Quotas struct {
	mu sync.Mutex
	m  map[string]*Quota
}

func (q *Quotas) For(tenant string) *Quota {
	q.mu.Lock()
	defer q.mu.Unlock()
	if v, ok := q.m[tenant]; ok {
		return v
	}
	v := newQuota(tenant)
	q.m[tenant] = v
	return v
}

// touch is the cache's own bookkeeping.
func (q *Quotas) touch(tenant string) {
	if v, ok := q.m[tenant]; ok {
		v.Used = 0
	}
}

func Spend(q *Quotas, tenant string) {
	v := q.For(tenant)
	v.mu.Lock()
	v.Used++
	v.mu.Unlock()
}

// Labels reads pods from the informer cache.
type Labels struct {
	pods listers.PodLister
}

func (l *Labels) Mark(ns, name string) error {
	pod, err := l.pods.Pods(ns).Get(name)
	if err != nil {
		return err
	}
	pod.Labels["seen"] = "true" // want `Labels.Mark writes an entry of the map\[string\]string from the informer cache behind Get`
	return nil
}

func (l *Labels) MarkAll() error {
	pods, err := l.pods.List()
	if err != nil {
		return err
	}
	for _, p := range pods {
		p.Spec.NodeName = "" // want `Labels.MarkAll writes field NodeName of the \*v1.PodSpec from the informer cache behind List`
	}
	return nil
}

// MarkCopy follows the client-go rule: DeepCopy first.
func (l *Labels) MarkCopy(ns, name string) (*corev1.Pod, error) {
	pod, err := l.pods.Pods(ns).Get(name)
	if err != nil {
		return nil, err
	}
	pod = pod.DeepCopy()
	pod.Labels["seen"] = "true"
	return pod, nil
}

// Feeds caches parsed feeds in a bounded LRU.
type Feeds struct {
	cache *lru.Cache[string, []string]
	fetch func(string) []string
}

func (f *Feeds) get(url string) []string {
	if v, ok := f.cache.Get(url); ok {
		return v
	}
	v := f.fetch(url)
	f.cache.Add(url, v)
	return v
}

func Dedupe(f *Feeds, url string) []string {
	items := f.get(url)
	items[0] = "" // want `Dedupe writes an element of the \[\]string from the cache behind get`
	return items  // want `Dedupe returns the \[\]string slice held in the cache behind get`
}
