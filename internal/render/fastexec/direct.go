package fastexec

import (
	"reflect"
	"sync"
)

// A template function is called through reflect.Value.Call, which lays
// out a frame, allocates the arguments and a slice for the results and
// copies both: about half a microsecond a call, a tenth of a page's
// execution when its rows each call a helper. The functions given to
// Fn1 ... Fn4 are called directly instead: each registers its function's
// type with a caller that type-asserts the arguments (already converted
// to the parameter types, as for Call) and calls the function as Go
// code. The function is returned as it is, for the template set's
// FuncMap:
//
//	"lotCells": fastexec.Fn1E(env.lotCells),
//
// html/template calls it as before. Registration is by type, once per
// process; a function whose type is not registered is called through
// reflection, with the same result.

// directFn calls one function with its arguments as plan.push types
// them, and returns its result and its error.
type directFn func(args []reflect.Value) (reflect.Value, error)

// directs maps a function type to what makes the directFn of a function
// of that type.
var directs sync.Map // reflect.Type → func(fn reflect.Value) directFn

// register makes functions of type F called directly by call, unless F
// returns an interface: Call's result then has the interface's type,
// which reflect.ValueOf would not keep.
func register[F any](call func(f F) directFn) {
	if reflect.TypeFor[F]().Out(0).Kind() == reflect.Interface {
		return
	}
	directs.LoadOrStore(reflect.TypeFor[F](), func(fn reflect.Value) directFn {
		return call(fn.Interface().(F))
	})
}

// directOf returns the direct caller of fn, or nil.
func directOf(fn reflect.Value) directFn {
	make, ok := directs.Load(fn.Type())
	if !ok {
		return nil
	}
	return make.(func(reflect.Value) directFn)(fn)
}

// as is v, a value assignable to T as plan.push gives it, as a T.
func as[T any](v reflect.Value) T {
	if t, ok := reflect.TypeAssert[T](v); ok || !v.IsValid() {
		return t
	}
	return assigned[T](v)
}

// assigned is v, assignable to T but not of type T (a nil interface, a
// named type's underlying one), as a T. Its T is on the heap, as
// reflect reaches it through a pointer: in as itself, that made every
// call allocate, 7 % of a build's allocations.
func assigned[T any](v reflect.Value) T {
	var t T
	reflect.ValueOf(&t).Elem().Set(v)
	return t
}

// Fn1 registers f's type for direct calls and returns f.
func Fn1[A, R any](f func(A) R) func(A) R {
	register[func(A) R](func(f func(A) R) directFn {
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(as[A](a[0]))), nil
		}
	})
	return f
}

// Fn1E registers f's type for direct calls and returns f.
func Fn1E[A, R any](f func(A) (R, error)) func(A) (R, error) {
	register[func(A) (R, error)](func(f func(A) (R, error)) directFn {
		return func(a []reflect.Value) (reflect.Value, error) {
			r, err := f(as[A](a[0]))
			return reflect.ValueOf(r), err
		}
	})
	return f
}

// Fn2 registers f's type for direct calls and returns f.
func Fn2[A, B, R any](f func(A, B) R) func(A, B) R {
	register[func(A, B) R](func(f func(A, B) R) directFn {
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(as[A](a[0]), as[B](a[1]))), nil
		}
	})
	return f
}

// Fn2E registers f's type for direct calls and returns f.
func Fn2E[A, B, R any](f func(A, B) (R, error)) func(A, B) (R, error) {
	register[func(A, B) (R, error)](func(f func(A, B) (R, error)) directFn {
		return func(a []reflect.Value) (reflect.Value, error) {
			r, err := f(as[A](a[0]), as[B](a[1]))
			return reflect.ValueOf(r), err
		}
	})
	return f
}

// Fn3 registers f's type for direct calls and returns f.
func Fn3[A, B, C, R any](f func(A, B, C) R) func(A, B, C) R {
	register[func(A, B, C) R](func(f func(A, B, C) R) directFn {
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(as[A](a[0]), as[B](a[1]), as[C](a[2]))), nil
		}
	})
	return f
}

// Fn3E registers f's type for direct calls and returns f.
func Fn3E[A, B, C, R any](f func(A, B, C) (R, error)) func(A, B, C) (R, error) {
	register[func(A, B, C) (R, error)](func(f func(A, B, C) (R, error)) directFn {
		return func(a []reflect.Value) (reflect.Value, error) {
			r, err := f(as[A](a[0]), as[B](a[1]), as[C](a[2]))
			return reflect.ValueOf(r), err
		}
	})
	return f
}

// Fn4 registers f's type for direct calls and returns f.
func Fn4[A, B, C, D, R any](f func(A, B, C, D) R) func(A, B, C, D) R {
	register[func(A, B, C, D) R](func(f func(A, B, C, D) R) directFn {
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(as[A](a[0]), as[B](a[1]), as[C](a[2]), as[D](a[3]))), nil
		}
	})
	return f
}

// FnV registers f's type, a function of any number of A, for direct calls
// and returns f. Each argument reaches f as an A, as Call's would.
func FnV[A, R any](f func(...A) R) func(...A) R {
	register[func(...A) R](func(f func(...A) R) directFn {
		return func(a []reflect.Value) (reflect.Value, error) {
			return reflect.ValueOf(f(variadic[A](a)...)), nil
		}
	})
	return f
}

// FnVE registers f's type for direct calls and returns f; see FnV.
func FnVE[A, R any](f func(...A) (R, error)) func(...A) (R, error) {
	register[func(...A) (R, error)](func(f func(...A) (R, error)) directFn {
		return func(a []reflect.Value) (reflect.Value, error) {
			r, err := f(variadic[A](a)...)
			return reflect.ValueOf(r), err
		}
	})
	return f
}

// variadic is the arguments of a variadic call as the slice f receives:
// empty but not nil for none, as Call passes.
func variadic[A any](a []reflect.Value) []A {
	args := make([]A, len(a))
	for i, v := range a {
		args[i] = as[A](v)
	}
	return args
}

// Fn3EValue registers f's type, a function whose result is a
// reflect.Value, which text/template and the compiled templates both
// unwrap, for direct calls and returns f. The result is returned as it
// is, not boxed again: a function that keeps its results as Values (see
// render's partialCached) hands them over without allocating.
func Fn3EValue[A, B, C any](f func(A, B, C) (reflect.Value, error)) func(A, B, C) (reflect.Value, error) {
	register[func(A, B, C) (reflect.Value, error)](func(f func(A, B, C) (reflect.Value, error)) directFn {
		return func(a []reflect.Value) (reflect.Value, error) {
			return f(as[A](a[0]), as[B](a[1]), as[C](a[2]))
		}
	})
	return f
}
