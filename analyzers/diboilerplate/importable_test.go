package diboilerplate

import "testing"

func TestImportable(t *testing.T) {
	for _, c := range []struct {
		pkg, from string
		want      bool
	}{
		{"example.com/shop/platform", "example.com/shop/cmd/orders", true},
		{"example.com/shop/internal/platform", "example.com/shop/cmd/orders", true},
		{"example.com/shop/orders/internal/server", "example.com/shop/payments/internal/server", false},
		{"example.com/shop/orders/internal/server", "example.com/shop/orders/cmd/orders", true},
		{"example.com/shop/orders/internal", "example.com/shop/orders", true},
		{"example.com/shop/orders/internal", "example.com/shop/ordersx", false},
	} {
		if got := importable(c.pkg, c.from); got != c.want {
			t.Errorf("importable(%q, %q) = %v, want %v", c.pkg, c.from, got, c.want)
		}
	}
}
