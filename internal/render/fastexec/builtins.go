// Copyright 2011 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// This file holds text/template's builtin functions and the evaluation
// rules they share with its executor (truth, argument types, constants),
// copied from Go 1.27's text/template (exec.go, funcs.go): the executor
// must behave as that one does, and the package does not export them.

package fastexec

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"text/template/parse"
)

var (
	errorType        = reflect.TypeFor[error]()
	fmtStringerType  = reflect.TypeFor[fmt.Stringer]()
	reflectValueType = reflect.TypeFor[reflect.Value]()
	anyType          = reflect.TypeFor[any]()
	stringType       = reflect.TypeFor[string]()

	anyID, reflectValueID = idOf(anyType), idOf(reflectValueType)
)

// isTrue is text/template's truth: not the zero of its type.
func isTrue(val reflect.Value) (truth, ok bool) {
	if !val.IsValid() {
		return false, true
	}
	switch val.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		truth = val.Len() > 0
	case reflect.Bool:
		truth = val.Bool()
	case reflect.Complex64, reflect.Complex128:
		truth = val.Complex() != 0
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		truth = !val.IsNil()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		truth = val.Int() != 0
	case reflect.Float32, reflect.Float64:
		truth = val.Float() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		truth = val.Uint() != 0
	case reflect.Struct:
		truth = true
	default:
		return
	}
	return truth, true
}

func truth(arg reflect.Value) bool {
	t, _ := isTrue(indirectInterface(arg))
	return t
}

// indirect returns the item at the end of indirection, and whether it is nil.
func indirect(v reflect.Value) (rv reflect.Value, isNil bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}

// indirectInterface returns the concrete value in an interface value.
func indirectInterface(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Interface {
		return v
	}
	if v.IsNil() {
		return reflect.Value{}
	}
	return v.Elem()
}

// canBeNil reports whether an untyped nil can be assigned to the type.
func canBeNil(typ reflect.Type) bool {
	switch typ.Kind() {
	case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
		return true
	case reflect.Struct:
		return typ == reflectValueType
	}
	return false
}

// validateType guarantees that the value is valid and assignable to the type.
func validateType(value reflect.Value, typ reflect.Type) reflect.Value {
	if !value.IsValid() {
		if typ == nil {
			return reflect.ValueOf(nil)
		}
		if canBeNil(typ) {
			return reflect.Zero(typ)
		}
		failf("invalid value; expected %s", typ)
	}
	if idOf(typ) == anyID { // see typeID: no runtime call
		return value // every value is an any: every printed action asks
	}
	vt := value.Type()
	if idOf(vt) == idOf(typ) {
		return value // the parameter's own type, as most arguments are: no AssignableTo
	}
	if idOf(typ) == reflectValueID {
		return reflect.ValueOf(value)
	}
	if typ != nil && !vt.AssignableTo(typ) {
		if value.Kind() == reflect.Interface && !value.IsNil() {
			value = value.Elem()
			if value.Type().AssignableTo(typ) {
				return value
			}
		}
		switch {
		case value.Kind() == reflect.Pointer && value.Type().Elem().AssignableTo(typ):
			value = value.Elem()
			if !value.IsValid() {
				failf("dereference of nil pointer of type %s", typ)
			}
		case reflect.PointerTo(value.Type()).AssignableTo(typ) && value.CanAddr():
			value = value.Addr()
		default:
			failf("wrong type for value; expected %s; got %s", typ, value.Type())
		}
	}
	return value
}

// rawValue is what a builtin declared with a reflect.Value parameter
// receives for value: text/template wraps it and unwraps it again.
func rawValue(value reflect.Value) reflect.Value {
	if value.IsValid() && idOf(value.Type()) == reflectValueID {
		return value.Interface().(reflect.Value)
	}
	return value
}

// idealConstant is the value of a number whose type the context does not
// say.
func idealConstant(constant *parse.NumberNode) (reflect.Value, error) {
	switch {
	case constant.IsComplex:
		return reflect.ValueOf(constant.Complex128), nil
	case constant.IsFloat &&
		!isHexInt(constant.Text) && !isRuneInt(constant.Text) &&
		strings.ContainsAny(constant.Text, ".eEpP"):
		return reflect.ValueOf(constant.Float64), nil
	case constant.IsInt:
		n := int(constant.Int64)
		if int64(n) != constant.Int64 {
			return reflect.Value{}, fmt.Errorf("%s overflows int", constant.Text)
		}
		return reflect.ValueOf(n), nil
	case constant.IsUint:
		return reflect.Value{}, fmt.Errorf("%s overflows int", constant.Text)
	}
	return reflect.Value{}, nil
}

func isRuneInt(s string) bool {
	return len(s) > 0 && s[0] == '\''
}

func isHexInt(s string) bool {
	return len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && !strings.ContainsAny(s, "pP")
}

// constArg is a constant argument as a parameter of type typ receives it
// (text/template's evalArg for literal nodes).
func constArg(n parse.Node, typ reflect.Type) (reflect.Value, error) {
	set := func(ok bool, what string, f func(reflect.Value)) (reflect.Value, error) {
		if !ok {
			return reflect.Value{}, fmt.Errorf("expected %s; found %s", what, n)
		}
		v := reflect.New(typ).Elem()
		f(v)
		return v, nil
	}
	num, _ := n.(*parse.NumberNode)
	switch typ.Kind() {
	case reflect.Bool:
		b, ok := n.(*parse.BoolNode)
		return set(ok, "bool", func(v reflect.Value) { v.SetBool(b.True) })
	case reflect.Complex64, reflect.Complex128:
		return set(num != nil && num.IsComplex, "complex", func(v reflect.Value) { v.SetComplex(num.Complex128) })
	case reflect.Float32, reflect.Float64:
		return set(num != nil && num.IsFloat, "float", func(v reflect.Value) { v.SetFloat(num.Float64) })
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return set(num != nil && num.IsInt, "integer", func(v reflect.Value) { v.SetInt(num.Int64) })
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return set(num != nil && num.IsUint, "unsigned integer", func(v reflect.Value) { v.SetUint(num.Uint64) })
	case reflect.String:
		s, ok := n.(*parse.StringNode)
		return set(ok, "string", func(v reflect.Value) { v.SetString(s.Text) })
	case reflect.Interface:
		if typ.NumMethod() == 0 {
			return emptyInterfaceConst(n)
		}
	case reflect.Struct:
		if typ == reflectValueType {
			v, err := emptyInterfaceConst(n)
			return reflect.ValueOf(v), err
		}
	}
	return reflect.Value{}, fmt.Errorf("can't handle %s for arg of type %s", n, typ)
}

// emptyInterfaceConst is a literal as an empty interface receives it.
func emptyInterfaceConst(n parse.Node) (reflect.Value, error) {
	switch n := n.(type) {
	case *parse.BoolNode:
		return reflect.ValueOf(n.True), nil
	case *parse.NumberNode:
		return idealConstant(n)
	case *parse.StringNode:
		return reflect.ValueOf(n.Text), nil
	}
	return reflect.Value{}, fmt.Errorf("can't handle assignment of %s to empty interface argument", n)
}

// printableValue returns the, possibly indirected, interface value inside v
// that is best for a call to a formatted printer.
func printableValue(v reflect.Value) (any, bool) {
	if v.Kind() == reflect.Pointer {
		v, _ = indirect(v)
	}
	if !v.IsValid() {
		return "<no value>", true
	}
	if !v.Type().Implements(errorType) && !v.Type().Implements(fmtStringerType) {
		if v.CanAddr() && (reflect.PointerTo(v.Type()).Implements(errorType) || reflect.PointerTo(v.Type()).Implements(fmtStringerType)) {
			v = v.Addr()
		} else {
			switch v.Kind() {
			case reflect.Chan, reflect.Func:
				return nil, false
			}
		}
	}
	return v.Interface(), true
}

// goodFunc reports whether the function or method has the right result
// signature.
func goodFunc(name string, typ reflect.Type) error {
	switch numOut := typ.NumOut(); {
	case numOut == 1:
		return nil
	case numOut == 2 && typ.Out(1) == errorType:
		return nil
	case numOut == 2:
		return fmt.Errorf("invalid function signature for %s: second return value should be error; is %s", name, typ.Out(1))
	default:
		return fmt.Errorf("function %s has %d return values; should be 1 or 2", name, typ.NumOut())
	}
}

// The builtins. Each is listed with the signature text/template declares
// for it, which decides how its arguments are evaluated; a reflect.Value
// parameter receives the value itself (see rawValue).

var builtins = map[string]*native{
	"not":   {sig: reflect.TypeFor[func(reflect.Value) bool](), fn: func(a []reflect.Value) (reflect.Value, error) { return reflect.ValueOf(!truth(a[0])), nil }},
	"len":   {sig: reflect.TypeFor[func(reflect.Value) (int, error)](), fn: length},
	"index": {sig: reflect.TypeFor[func(reflect.Value, ...reflect.Value) (reflect.Value, error)](), fn: index},
	"eq":    {sig: reflect.TypeFor[func(reflect.Value, ...reflect.Value) (bool, error)](), fn: boolResult(eq)},
	"ne":    {sig: reflect.TypeFor[func(reflect.Value, reflect.Value) (bool, error)](), fn: boolResult(ne)},
	"lt":    {sig: reflect.TypeFor[func(reflect.Value, reflect.Value) (bool, error)](), fn: boolResult(lt)},
	"le":    {sig: reflect.TypeFor[func(reflect.Value, reflect.Value) (bool, error)](), fn: boolResult(le)},
	"gt":    {sig: reflect.TypeFor[func(reflect.Value, reflect.Value) (bool, error)](), fn: boolResult(gt)},
	"ge":    {sig: reflect.TypeFor[func(reflect.Value, reflect.Value) (bool, error)](), fn: boolResult(ge)},
	"print": {sig: reflect.TypeFor[func(...any) string](), fn: func(a []reflect.Value) (reflect.Value, error) {
		return reflect.ValueOf(fmt.Sprint(interfaces(a)...)), nil
	}},
	"printf": {sig: reflect.TypeFor[func(string, ...any) string](), fn: func(a []reflect.Value) (reflect.Value, error) {
		return reflect.ValueOf(fmt.Sprintf(a[0].String(), interfaces(a[1:])...)), nil
	}},
	// and and or are evaluated in place: they stop at the first argument
	// that decides (see compiler.call).
	"and": {sig: reflect.TypeFor[func(reflect.Value, ...reflect.Value) reflect.Value]()},
	"or":  {sig: reflect.TypeFor[func(reflect.Value, ...reflect.Value) reflect.Value]()},
}

// interfaces is a function's variadic ...any arguments as it receives them.
func interfaces(a []reflect.Value) []any {
	out := make([]any, len(a))
	for i, v := range a {
		out[i] = v.Interface()
	}
	return out
}

func boolResult(f func(reflect.Value, ...reflect.Value) (bool, error)) func([]reflect.Value) (reflect.Value, error) {
	return func(a []reflect.Value) (reflect.Value, error) {
		b, err := f(a[0], a[1:]...)
		return reflect.ValueOf(b), err
	}
}

func length(a []reflect.Value) (reflect.Value, error) {
	item, isNil := indirect(a[0])
	if isNil {
		return reflect.Value{}, fmt.Errorf("len of nil pointer")
	}
	switch item.Kind() {
	case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
		return reflect.ValueOf(item.Len()), nil
	}
	return reflect.Value{}, fmt.Errorf("len of type %s", item.Type())
}

func prepareArg(value reflect.Value, argType reflect.Type) (reflect.Value, error) {
	if !value.IsValid() {
		if !canBeNil(argType) {
			return reflect.Value{}, fmt.Errorf("value is nil; should be of type %s", argType)
		}
		value = reflect.Zero(argType)
	}
	if value.Type().AssignableTo(argType) {
		return value, nil
	}
	if intLike(value.Kind()) && intLike(argType.Kind()) && value.Type().ConvertibleTo(argType) {
		value = value.Convert(argType)
		return value, nil
	}
	return reflect.Value{}, fmt.Errorf("value has type %s; should be %s", value.Type(), argType)
}

func intLike(typ reflect.Kind) bool {
	switch typ {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return true
	}
	return false
}

func indexArg(index reflect.Value, cap int) (int, error) {
	var x int64
	switch index.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		x = index.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		x = int64(index.Uint())
	case reflect.Invalid:
		return 0, fmt.Errorf("cannot index slice/array with nil")
	default:
		return 0, fmt.Errorf("cannot index slice/array with type %s", index.Type())
	}
	if x < 0 || int(x) < 0 || int(x) > cap {
		return 0, fmt.Errorf("index out of range: %d", x)
	}
	return int(x), nil
}

func index(a []reflect.Value) (reflect.Value, error) {
	item, indexes := indirectInterface(a[0]), a[1:]
	if !item.IsValid() {
		return reflect.Value{}, fmt.Errorf("index of untyped nil")
	}
	for _, index := range indexes {
		index = indirectInterface(index)
		var isNil bool
		if item, isNil = indirect(item); isNil {
			return reflect.Value{}, fmt.Errorf("index of nil pointer")
		}
		switch item.Kind() {
		case reflect.Array, reflect.Slice, reflect.String:
			x, err := indexArg(index, item.Len())
			if err != nil {
				return reflect.Value{}, err
			}
			item = item.Index(x)
		case reflect.Map:
			index, err := prepareArg(index, item.Type().Key())
			if err != nil {
				return reflect.Value{}, err
			}
			if x := item.MapIndex(index); x.IsValid() {
				item = x
			} else {
				item = reflect.Zero(item.Type().Elem())
			}
		default:
			return reflect.Value{}, fmt.Errorf("can't index item of type %s", item.Type())
		}
	}
	return item, nil
}

var (
	errBadComparisonType = errors.New("invalid type for comparison")
	errNoComparison      = errors.New("missing argument for comparison")
)

type kind int

const (
	invalidKind kind = iota
	boolKind
	complexKind
	intKind
	floatKind
	stringKind
	uintKind
)

func basicKind(v reflect.Value) (kind, error) {
	switch v.Kind() {
	case reflect.Bool:
		return boolKind, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return intKind, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return uintKind, nil
	case reflect.Float32, reflect.Float64:
		return floatKind, nil
	case reflect.Complex64, reflect.Complex128:
		return complexKind, nil
	case reflect.String:
		return stringKind, nil
	}
	return invalidKind, errBadComparisonType
}

func isNil(v reflect.Value) bool {
	if !v.IsValid() {
		return true
	}
	switch v.Kind() {
	case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
		return v.IsNil()
	}
	return false
}

func canCompare(v1, v2 reflect.Value) bool {
	k1 := v1.Kind()
	k2 := v2.Kind()
	if k1 == k2 {
		return true
	}
	return k1 == reflect.Invalid || k2 == reflect.Invalid
}

func eq(arg1 reflect.Value, arg2 ...reflect.Value) (bool, error) {
	arg1 = indirectInterface(arg1)
	if len(arg2) == 0 {
		return false, errNoComparison
	}
	k1, _ := basicKind(arg1)
	for _, arg := range arg2 {
		arg = indirectInterface(arg)
		k2, _ := basicKind(arg)
		truth := false
		if k1 != k2 {
			switch {
			case k1 == intKind && k2 == uintKind:
				truth = arg1.Int() >= 0 && uint64(arg1.Int()) == arg.Uint()
			case k1 == uintKind && k2 == intKind:
				truth = arg.Int() >= 0 && arg1.Uint() == uint64(arg.Int())
			default:
				if arg1.IsValid() && arg.IsValid() {
					return false, fmt.Errorf("incompatible types for comparison: %v and %v", arg1.Type(), arg.Type())
				}
			}
		} else {
			switch k1 {
			case boolKind:
				truth = arg1.Bool() == arg.Bool()
			case complexKind:
				truth = arg1.Complex() == arg.Complex()
			case floatKind:
				truth = arg1.Float() == arg.Float()
			case intKind:
				truth = arg1.Int() == arg.Int()
			case stringKind:
				truth = arg1.String() == arg.String()
			case uintKind:
				truth = arg1.Uint() == arg.Uint()
			default:
				if !canCompare(arg1, arg) {
					return false, fmt.Errorf("non-comparable types %s: %v, %s: %v", arg1, arg1.Type(), arg.Type(), arg)
				}
				if isNil(arg1) || isNil(arg) {
					truth = isNil(arg) == isNil(arg1)
				} else {
					if !arg.Type().Comparable() {
						return false, fmt.Errorf("non-comparable type %s: %v", arg, arg.Type())
					}
					truth = arg1.Interface() == arg.Interface()
				}
			}
		}
		if truth {
			return true, nil
		}
	}
	return false, nil
}

func ne(arg1 reflect.Value, arg2 ...reflect.Value) (bool, error) {
	equal, err := eq(arg1, arg2[0])
	return !equal, err
}

func lt(arg1 reflect.Value, args ...reflect.Value) (bool, error) {
	arg1 = indirectInterface(arg1)
	k1, err := basicKind(arg1)
	if err != nil {
		return false, err
	}
	arg2 := indirectInterface(args[0])
	k2, err := basicKind(arg2)
	if err != nil {
		return false, err
	}
	truth := false
	if k1 != k2 {
		switch {
		case k1 == intKind && k2 == uintKind:
			truth = arg1.Int() < 0 || uint64(arg1.Int()) < arg2.Uint()
		case k1 == uintKind && k2 == intKind:
			truth = arg2.Int() >= 0 && arg1.Uint() < uint64(arg2.Int())
		default:
			return false, fmt.Errorf("incompatible types for comparison: %v and %v", arg1.Type(), arg2.Type())
		}
	} else {
		switch k1 {
		case boolKind, complexKind:
			return false, errBadComparisonType
		case floatKind:
			truth = arg1.Float() < arg2.Float()
		case intKind:
			truth = arg1.Int() < arg2.Int()
		case stringKind:
			truth = arg1.String() < arg2.String()
		case uintKind:
			truth = arg1.Uint() < arg2.Uint()
		default:
			panic("invalid kind")
		}
	}
	return truth, nil
}

func le(arg1 reflect.Value, arg2 ...reflect.Value) (bool, error) {
	lessThan, err := lt(arg1, arg2[0])
	if lessThan || err != nil {
		return lessThan, err
	}
	return eq(arg1, arg2[0])
}

func gt(arg1 reflect.Value, arg2 ...reflect.Value) (bool, error) {
	lessOrEqual, err := le(arg1, arg2[0])
	if err != nil {
		return false, err
	}
	return !lessOrEqual, nil
}

func ge(arg1 reflect.Value, arg2 ...reflect.Value) (bool, error) {
	lessThan, err := lt(arg1, arg2[0])
	if err != nil {
		return false, err
	}
	return !lessThan, nil
}
