package output_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"time"
)

// testdata/sarif-schema-2.1.0.json is the OASIS SARIF 2.1.0 (rtm.5) JSON
// schema, copied unchanged from the npm package @microsoft/jest-sarif
// (lib/schemas/sarif-2.1.0-rtm.5.json). No JSON Schema library is among the
// module's dependencies, so schemaValidator implements the draft-04 keywords
// that schema uses, and refuses any other keyword so none is skipped silently.
type schemaValidator struct {
	root map[string]any
	errs []string
}

func newSchemaValidator(src []byte) (*schemaValidator, error) {
	var root map[string]any
	if err := decode(src, &root); err != nil {
		return nil, err
	}
	return &schemaValidator{root: root}, nil
}

func decode(src []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(src))
	d.UseNumber()
	return d.Decode(v)
}

// validate returns every violation of the schema by doc.
func (v *schemaValidator) validate(doc any) []string {
	v.errs = nil
	v.check(v.root, doc, "$")
	return v.errs
}

func (v *schemaValidator) fail(path, format string, args ...any) {
	v.errs = append(v.errs, path+": "+fmt.Sprintf(format, args...))
}

var ignoredKeywords = map[string]bool{"$schema": true, "id": true, "title": true, "description": true, "default": true, "definitions": true}

func (v *schemaValidator) check(schema map[string]any, doc any, path string) {
	if ref, ok := schema["$ref"].(string); ok { // draft-04: $ref replaces its siblings
		v.check(v.resolve(ref, path), doc, path)
		return
	}
	for kw, arg := range schema {
		switch kw {
		case "type":
			v.checkType(arg, doc, path)
		case "enum":
			if !inEnum(arg.([]any), doc) {
				v.fail(path, "%v is not one of %v", doc, arg)
			}
		case "properties", "additionalProperties", "required":
			v.checkObject(schema, kw, doc, path)
		case "items":
			if arr, ok := doc.([]any); ok {
				for i, e := range arr {
					v.check(arg.(map[string]any), e, fmt.Sprintf("%s[%d]", path, i))
				}
			}
		case "minItems":
			if arr, ok := doc.([]any); ok && len(arr) < toInt(arg) {
				v.fail(path, "has %d items, fewer than %v", len(arr), arg)
			}
		case "uniqueItems":
			if arr, ok := doc.([]any); ok && arg == true && !unique(arr) {
				v.fail(path, "items are not unique")
			}
		case "minimum", "maximum":
			v.checkBound(kw, arg, doc, path)
		case "pattern":
			if s, ok := doc.(string); ok && !regexp.MustCompile(arg.(string)).MatchString(s) {
				v.fail(path, "%q does not match %s", s, arg)
			}
		case "format":
			v.checkFormat(arg.(string), doc, path)
		case "anyOf", "oneOf":
			v.checkAlternatives(kw, arg.([]any), doc, path)
		default:
			if !ignoredKeywords[kw] {
				panic("schema keyword " + kw + " is not implemented by the test's validator")
			}
		}
	}
}

func (v *schemaValidator) resolve(ref, path string) map[string]any {
	name, ok := strings.CutPrefix(ref, "#/definitions/")
	defs, _ := v.root["definitions"].(map[string]any)
	def, found := defs[name].(map[string]any)
	if !ok || !found {
		panic(path + ": unresolvable $ref " + ref)
	}
	return def
}

func (v *schemaValidator) checkType(arg, doc any, path string) {
	names, ok := arg.([]any)
	if !ok {
		names = []any{arg}
	}
	for _, n := range names {
		if hasType(n.(string), doc) {
			return
		}
	}
	v.fail(path, "%T is not of type %v", doc, arg)
}

func hasType(name string, doc any) bool {
	switch name {
	case "object":
		_, ok := doc.(map[string]any)
		return ok
	case "array":
		_, ok := doc.([]any)
		return ok
	case "string":
		_, ok := doc.(string)
		return ok
	case "boolean":
		_, ok := doc.(bool)
		return ok
	case "number":
		_, ok := doc.(json.Number)
		return ok
	case "integer":
		n, ok := doc.(json.Number)
		_, err := n.Int64()
		return ok && err == nil
	case "null":
		return doc == nil
	}
	panic("unknown type " + name)
}

// checkObject applies properties, additionalProperties and required once,
// from the keyword "properties" or whichever of the three comes first.
func (v *schemaValidator) checkObject(schema map[string]any, kw string, doc any, path string) {
	obj, ok := doc.(map[string]any)
	if !ok {
		return
	}
	props, _ := schema["properties"].(map[string]any)
	switch kw {
	case "required":
		for _, r := range schema["required"].([]any) {
			if _, ok := obj[r.(string)]; !ok {
				v.fail(path, "lacks required property %q", r)
			}
		}
	case "properties":
		for k, val := range obj {
			if ps, ok := props[k]; ok {
				v.check(ps.(map[string]any), val, path+"."+k)
			}
		}
	case "additionalProperties":
		for k, val := range obj {
			if _, ok := props[k]; ok {
				continue
			}
			switch ap := schema["additionalProperties"].(type) {
			case bool:
				if !ap {
					v.fail(path, "has property %q the schema does not allow", k)
				}
			case map[string]any:
				v.check(ap, val, path+"."+k)
			}
		}
	}
}

func (v *schemaValidator) checkBound(kw string, arg, doc any, path string) {
	n, ok := doc.(json.Number)
	if !ok {
		return
	}
	x, _ := n.Float64()
	b, _ := arg.(json.Number).Float64()
	if kw == "minimum" && x < b || kw == "maximum" && x > b {
		v.fail(path, "%v is out of range (%s %v)", x, kw, b)
	}
}

func (v *schemaValidator) checkFormat(format string, doc any, path string) {
	s, ok := doc.(string)
	if !ok {
		return
	}
	switch format {
	case "uri":
		if u, err := url.Parse(s); err != nil || u.Scheme == "" {
			v.fail(path, "%q is not an absolute URI", s)
		}
	case "uri-reference":
		if _, err := url.Parse(s); err != nil {
			v.fail(path, "%q is not a URI reference", s)
		}
	case "date-time":
		if _, err := time.Parse(time.RFC3339, s); err != nil {
			v.fail(path, "%q is not a date-time", s)
		}
	default:
		panic("format " + format + " is not implemented by the test's validator")
	}
}

func (v *schemaValidator) checkAlternatives(kw string, alts []any, doc any, path string) {
	saved := v.errs
	matched := 0
	for _, a := range alts {
		v.errs = nil
		v.check(a.(map[string]any), doc, path)
		if len(v.errs) == 0 {
			matched++
		}
	}
	v.errs = saved
	if matched == 0 || kw == "oneOf" && matched > 1 {
		v.fail(path, "matches %d of the %s alternatives", matched, kw)
	}
}

func inEnum(values []any, doc any) bool {
	for _, e := range values {
		if reflect.DeepEqual(e, doc) {
			return true
		}
	}
	return false
}

func unique(arr []any) bool {
	seen := map[string]bool{}
	for _, e := range arr {
		b, _ := json.Marshal(e)
		if seen[string(b)] {
			return false
		}
		seen[string(b)] = true
	}
	return true
}

func toInt(arg any) int {
	n, _ := arg.(json.Number).Int64()
	return int(n)
}
