// Package requestscope keeps the authenticated user on the request's gin
// context, as middleware does: values scoped to one request are shared with
// no other caller, so handing out the pointer is not a cache leak.
package requestscope

import "github.com/gin-gonic/gin"

type User struct {
	ID    uint
	Roles []string
}

type authentication struct{ user *User }

const authKey = "auth"

// RegisterUser is called by the auth middleware.
func RegisterUser(ctx *gin.Context, u *User) {
	ctx.Set(authKey, &authentication{user: u})
}

func info(ctx *gin.Context) *authentication {
	if v, ok := ctx.Get(authKey); ok {
		return v.(*authentication)
	}
	return &authentication{}
}

// CurrentUser returns the user the middleware registered.
func CurrentUser(ctx *gin.Context) *User {
	return info(ctx).user
}

// Roles returns the user's roles for this request.
func Roles(ctx *gin.Context) []string {
	return CurrentUser(ctx).Roles
}

func Promote(ctx *gin.Context) {
	u := CurrentUser(ctx)
	u.Roles = append(u.Roles, "admin")
}
