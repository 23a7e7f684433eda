// Package viper is a test stub of github.com/spf13/viper.
package viper

import "strings"

type Viper struct{}

func New() *Viper { return &Viper{} }

func SetConfigName(in string)               {}
func SetConfigType(in string)               {}
func SetConfigFile(in string)               {}
func AddConfigPath(in string)               {}
func SetEnvPrefix(in string)                {}
func SetEnvKeyReplacer(r *strings.Replacer) {}
func AutomaticEnv()                         {}
func SetDefault(key string, value any)      {}
func ReadInConfig() error                   { return nil }
func Unmarshal(rawVal any) error            { return nil }
func GetString(key string) string           { return "" }

func (v *Viper) SetConfigName(in string)               {}
func (v *Viper) SetConfigType(in string)               {}
func (v *Viper) AddConfigPath(in string)               {}
func (v *Viper) SetEnvPrefix(in string)                {}
func (v *Viper) SetEnvKeyReplacer(r *strings.Replacer) {}
func (v *Viper) AutomaticEnv()                         {}
func (v *Viper) ReadInConfig() error                   { return nil }
func (v *Viper) Unmarshal(rawVal any) error            { return nil }
