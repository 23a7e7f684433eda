package unbounded

import (
	"net/http"
	"sync"
)

type Profile struct{ Name string }

func fetchProfile(token string) *Profile { return &Profile{Name: token} }

// Profiles memoizes through a helper; the key reaches it from the request.
type Profiles struct {
	mu sync.Mutex
	m  map[string]*Profile
}

func (p *Profiles) profile(token string) *Profile {
	p.mu.Lock()
	defer p.mu.Unlock()
	if pr, ok := p.m[token]; ok {
		return pr
	}
	pr := fetchProfile(token)
	p.m[token] = pr // want `cache Profiles\.m gets an entry for every distinct key a client sends and never drops one`
	return pr
}

func (p *Profiles) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	pr := p.profile(r.Header.Get("Authorization"))
	w.Write([]byte(pr.Name))
}

// Regions goes through a helper too, but only with the server's own keys.
type Regions struct {
	mu sync.Mutex
	m  map[string]*Profile
}

func (g *Regions) region(name string) *Profile {
	g.mu.Lock()
	defer g.mu.Unlock()
	if pr, ok := g.m[name]; ok {
		return pr
	}
	pr := fetchProfile(name)
	g.m[name] = pr
	return pr
}

func (g *Regions) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	eu, us := g.region("eu"), g.region("us")
	w.Write([]byte(eu.Name + us.Name))
}
