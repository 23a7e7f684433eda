// Package v1 is a minimal stub of k8s.io/client-go/listers/core/v1.
package v1

import v1 "k8s.io/api/core/v1"

// PodLister lists pods from the shared informer cache.
type PodLister interface {
	List() ([]*v1.Pod, error)
	Pods(namespace string) PodNamespaceLister
}

// PodNamespaceLister gets pods of one namespace from the informer cache.
type PodNamespaceLister interface {
	Get(name string) (*v1.Pod, error)
}
