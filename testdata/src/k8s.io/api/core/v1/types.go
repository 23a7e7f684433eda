// Package v1 is a minimal stub of k8s.io/api/core/v1.
package v1

// Pod is a stub of the Kubernetes Pod.
type Pod struct {
	Name   string
	Labels map[string]string
	Spec   PodSpec
}

// PodSpec is a stub.
type PodSpec struct {
	NodeName string
}

// DeepCopy returns a deep copy.
func (p *Pod) DeepCopy() *Pod {
	out := *p
	out.Labels = map[string]string{}
	for k, v := range p.Labels {
		out.Labels[k] = v
	}
	return &out
}
