// Package fastexec runs html/template templates, after html/template has
// escaped them, with the same output but at a fraction of the cost.
//
// text/template interprets a template's parse tree on every execution: it
// switches on each node's type, looks up each function and variable by
// name, looks up each field by name through reflection, and calls every
// function, the escapers html/template adds to every action among them,
// through reflect.Value.Call. A build executes the same few templates
// thousands of times. Compile turns an escaped template into a tree of Go
// closures once: functions and variables are resolved when compiling,
// field lookups are remembered per receiver type, constants are converted
// once, the builtins and escapers are called directly, and a chain of
// escapers passes a string along without boxing it.
//
// The templates stay the editable surface: they are parsed and escaped
// by html/template as before, and what this package runs is their escaped
// parse trees. It does what text/template does for everything the
// portal's templates use. Compile refuses a template that needs what it
// does not do, and Execute returns an error, having perhaps written part
// of the page, whenever a value takes it off the paths it knows (a
// method on a nil pointer, a map to range over, HTML in an attribute) or
// anything fails: the caller then runs the page with html/template, which
// gives the same output or its own error. A differential test and a fuzz
// test hold the two to the same bytes.
package fastexec

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"text/template/parse"
	"unsafe"
)

// Program is a compiled template with the templates it calls.
type Program struct {
	root *proc
}

// proc is one compiled template.
type proc struct {
	nvars int // variable slots; $ is slot 0
	body  nodeFn
}

// ctl says how a node's execution ended: normally, or by break or
// continue inside a range.
type ctl uint8

const (
	ctlNone ctl = iota
	ctlBreak
	ctlContinue
)

type (
	nodeFn func(s *state, dot reflect.Value) ctl
	valFn  func(s *state, dot reflect.Value) reflect.Value
	// cmdFn evaluates a command; final is the previous command's value,
	// present for every command of a pipeline but the first.
	cmdFn func(s *state, dot, final reflect.Value) reflect.Value
)

// state is one execution's: where it writes and the variables of the
// template it is in.
type state struct {
	w     *bytes.Buffer
	vars  []reflect.Value
	args  []reflect.Value // the arguments of the direct calls being made
	depth int
	// stack holds the frames of the templates being run; vars is the
	// innermost one's.
	stack []reflect.Value
}

// maxDepth bounds nested template calls; text/template allows far more and
// reports its own error when it runs out.
const maxDepth = 10000

// failure is an execution that cannot go on; Execute returns it.
type failure struct{ err error }

func failf(format string, args ...any) {
	panic(failure{fmt.Errorf(format, args...)})
}

// ErrUnsupported wraps the errors of Compile for a template that uses what
// this package does not do.
var ErrUnsupported = errors.New("not supported by fastexec")

// Compile compiles the template name of set, which html/template must
// already have escaped (executed once), with funcs, the functions the set
// was parsed with. The set's missingkey option must be the default, which
// Compile cannot see.
func Compile(set *template.Template, name string, funcs template.FuncMap) (p *Program, err error) {
	c := &compiler{set: set, funcs: map[string]reflect.Value{}, procs: map[string]*proc{}}
	for n, f := range funcs {
		v := reflect.ValueOf(f)
		if v.Kind() != reflect.Func {
			return nil, fmt.Errorf("%w: function %s is not a function", ErrUnsupported, n)
		}
		c.funcs[n] = v
	}
	defer func() {
		if r := recover(); r != nil {
			f, ok := r.(failure)
			if !ok {
				panic(r)
			}
			p, err = nil, fmt.Errorf("%w: %v", ErrUnsupported, f.err)
		}
	}()
	return &Program{root: c.proc(name)}, nil
}

// Execute writes the template's output for data to w. On an error, w may
// hold part of the output: the caller truncates it and executes the
// template with html/template.
func (p *Program) Execute(w *bytes.Buffer, data any) (err error) {
	defer func() {
		if r := recover(); r != nil {
			switch r := r.(type) {
			case failure:
				err = r.err
			case unsupported:
				err = fmt.Errorf("%w: %s", ErrUnsupported, string(r))
			default:
				err = fmt.Errorf("panic: %v", r)
			}
		}
	}()
	value, ok := data.(reflect.Value)
	if !ok {
		value = reflect.ValueOf(data)
	}
	s := states.Get().(*state)
	s.w = w
	defer s.release()
	p.root.run(s, value)
	return nil
}

// states keeps the states of executions done, whose stacks have grown
// to what a page needs: one per page would grow them again every time.
var states = sync.Pool{New: func() any { return new(state) }}

// release empties s, also after a failure, and keeps it for the next
// execution.
func (s *state) release() {
	clear(s.stack)
	clear(s.args)
	*s = state{stack: s.stack[:0], args: s.args[:0]}
	states.Put(s)
}

// run executes the template with dot, in a frame of its own: templates
// inherit no variables.
func (p *proc) run(s *state, dot reflect.Value) {
	if s.depth >= maxDepth {
		failf("exceeded maximum template depth (%v)", maxDepth)
	}
	vars, base := s.vars, len(s.stack)
	s.stack = slices.Grow(s.stack, p.nvars)[:base+p.nvars]
	s.vars = s.stack[base:]
	// A slot is set before it is read, but when a call below grew the
	// stack, the new array holds copies of this frame's values.
	clear(s.vars)
	s.vars[0] = dot
	s.depth++
	p.body(s, dot)
	s.depth--
	clear(s.vars) // for the garbage collector
	s.vars, s.stack = vars, s.stack[:base]
}

// compiler compiles the templates one program calls.
type compiler struct {
	set   *template.Template
	funcs map[string]reflect.Value
	procs map[string]*proc
	// The template being compiled: its variables in scope, innermost
	// last, and how many slots it has used.
	scope []variable
	nvars int
}

type variable struct {
	name string
	slot int
}

func (c *compiler) proc(name string) *proc {
	if p := c.procs[name]; p != nil {
		return p // compiled, or being compiled (recursion)
	}
	t := c.set.Lookup(name)
	if t == nil || t.Tree == nil || t.Tree.Root == nil {
		failf("template %q is not defined or empty", name)
	}
	p := new(proc)
	c.procs[name] = p
	scope, nvars := c.scope, c.nvars
	c.scope, c.nvars = []variable{{"$", 0}}, 1
	p.body = c.list(t.Tree.Root)
	p.nvars = c.nvars
	c.scope, c.nvars = scope, nvars
	return p
}

func (c *compiler) declare(name string) int {
	slot := c.nvars
	c.nvars++
	c.scope = append(c.scope, variable{name, slot})
	return slot
}

func (c *compiler) lookup(name string) int {
	for i := len(c.scope) - 1; i >= 0; i-- {
		if c.scope[i].name == name {
			return c.scope[i].slot
		}
	}
	failf("undefined variable: %s", name)
	return 0
}

func (c *compiler) list(l *parse.ListNode) nodeFn {
	if l == nil {
		return func(*state, reflect.Value) ctl { return ctlNone }
	}
	var fns []nodeFn
	for _, n := range l.Nodes {
		if f := c.node(n); f != nil {
			fns = append(fns, f)
		}
	}
	switch len(fns) {
	case 0:
		return func(*state, reflect.Value) ctl { return ctlNone }
	case 1:
		return fns[0]
	}
	return func(s *state, dot reflect.Value) ctl {
		for _, f := range fns {
			if r := f(s, dot); r != ctlNone {
				return r
			}
		}
		return ctlNone
	}
}

func (c *compiler) node(n parse.Node) nodeFn {
	switch n := n.(type) {
	case *parse.TextNode:
		text := n.Text
		return func(s *state, _ reflect.Value) ctl {
			s.w.Write(text)
			return ctlNone
		}
	case *parse.CommentNode:
		return nil
	case *parse.ActionNode:
		return c.action(n)
	case *parse.IfNode:
		return c.ifOrWith(n.Pipe, n.List, n.ElseList, false)
	case *parse.WithNode:
		return c.ifOrWith(n.Pipe, n.List, n.ElseList, true)
	case *parse.RangeNode:
		return c.rangeNode(n)
	case *parse.TemplateNode:
		pipe := c.pipeline(n.Pipe) // its variables persist, as text/template's do
		p := c.proc(n.Name)
		return func(s *state, dot reflect.Value) ctl {
			p.run(s, pipe(s, dot))
			return ctlNone
		}
	case *parse.BreakNode:
		return func(*state, reflect.Value) ctl { return ctlBreak }
	case *parse.ContinueNode:
		return func(*state, reflect.Value) ctl { return ctlContinue }
	}
	failf("node %s", n)
	return nil
}

// action prints its pipeline's value, unless the pipeline declares
// variables. When the pipeline ends in escapers, as html/template makes
// every printing action do, their string goes straight to the output.
func (c *compiler) action(n *parse.ActionNode) nodeFn {
	pipe := n.Pipe
	if len(pipe.Decl) > 0 {
		f := c.pipeline(pipe)
		return func(s *state, dot reflect.Value) ctl {
			f(s, dot)
			return ctlNone
		}
	}
	k := len(pipe.Cmds)
	for k > 1 && escaperName(pipe.Cmds[k-1]) != "" {
		k--
	}
	if k == len(pipe.Cmds) {
		f := c.pipeline(pipe)
		return func(s *state, dot reflect.Value) ctl {
			printValue(s, f(s, dot))
			return ctlNone
		}
	}
	head := c.commands(pipe.Cmds[:k])
	var escs []escaper
	for _, cmd := range pipe.Cmds[k : len(pipe.Cmds)-1] {
		escs = append(escs, escapers[escaperName(cmd)])
	}
	last := escapeTo(escaperName(pipe.Cmds[len(pipe.Cmds)-1]))
	return func(s *state, dot reflect.Value) ctl {
		// validateType turns a missing value into a nil interface, as
		// the escaper's ...any parameter receives it.
		str, t := stringifyValue(validateType(head(s, dot), anyType))
		for _, e := range escs {
			str, t = e(str, t), contentTypePlain
		}
		last(s.w, str, t)
		return ctlNone
	}
}

// escaperName is the name of the escaper a command calls with nothing
// but the pipeline's value, or "" if it calls none.
func escaperName(cmd *parse.CommandNode) string {
	if len(cmd.Args) != 1 {
		return ""
	}
	if id, ok := cmd.Args[0].(*parse.IdentifierNode); ok && escapers[id.Ident] != nil {
		return id.Ident
	}
	return ""
}

func printValue(s *state, v reflect.Value) {
	if v.Kind() == reflect.String && idOf(v.Type()) == stringID {
		s.w.WriteString(v.String())
		return
	}
	iface, ok := printableValue(v)
	if !ok {
		failf("can't print value of type %s", v.Type())
	}
	fmt.Fprint(s.w, iface)
}

func (c *compiler) ifOrWith(pipe *parse.PipeNode, list, elseList *parse.ListNode, with bool) nodeFn {
	mark := len(c.scope)
	cond, _ := c.pipelineSlots(pipe)
	inner := len(c.scope)
	body := c.list(list)
	// The body's variables are in the parser's scope in the else branch,
	// but text/template never declared them there: a name there is the
	// pipeline's or an outer variable.
	c.scope = c.scope[:inner:inner]
	var els nodeFn
	if elseList != nil {
		els = c.list(elseList)
	}
	c.scope = c.scope[:mark:mark]
	return func(s *state, dot reflect.Value) ctl {
		val := cond(s, dot)
		t, ok := isTrue(indirectInterface(val))
		if !ok {
			failf("if/with can't use %v", val)
		}
		if t {
			if with {
				return body(s, val)
			}
			return body(s, dot)
		}
		if els != nil {
			return els(s, dot)
		}
		return ctlNone
	}
}

func (c *compiler) rangeNode(r *parse.RangeNode) nodeFn {
	mark := len(c.scope)
	// The first of the pipeline's variables takes the index when there
	// are two, else the element.
	pipe, slots := c.pipelineSlots(r.Pipe)
	inner := len(c.scope)
	body := c.list(r.List)
	c.scope = c.scope[:inner:inner] // as in ifOrWith
	var els nodeFn
	if r.ElseList != nil {
		els = c.list(r.ElseList)
	}
	c.scope = c.scope[:mark:mark]
	return func(s *state, dot reflect.Value) ctl {
		val, _ := indirect(pipe(s, dot))
		switch val.Kind() {
		case reflect.Array, reflect.Slice:
			n := val.Len()
			if n == 0 {
				break
			}
			for i := 0; i < n; i++ {
				elem := val.Index(i)
				switch len(slots) {
				case 1:
					s.vars[slots[0]] = elem
				case 2:
					s.vars[slots[0]] = reflect.ValueOf(i)
					s.vars[slots[1]] = elem
				}
				if body(s, elem) == ctlBreak {
					break
				}
			}
			return ctlNone
		case reflect.Map:
			if val.Len() == 0 {
				break
			}
			panic(unsupported("range over a map"))
		case reflect.Invalid:
		default:
			panic(unsupported("range over " + val.Kind().String()))
		}
		// A break in the else list ends this range, as text/template's
		// walkRange takes it; a continue is the enclosing range's.
		if els != nil && els(s, dot) == ctlContinue {
			return ctlContinue
		}
		return ctlNone
	}
}

// pipeline compiles a pipeline: its commands, each given the previous
// one's value, and its variable declarations.
func (c *compiler) pipeline(pipe *parse.PipeNode) valFn {
	f, _ := c.pipelineSlots(pipe)
	return f
}

// pipelineSlots is pipeline, and the slots of the variables it declares
// or assigns.
func (c *compiler) pipelineSlots(pipe *parse.PipeNode) (valFn, []int) {
	if pipe == nil {
		return func(*state, reflect.Value) reflect.Value { return reflect.Value{} }, nil
	}
	f := c.commands(pipe.Cmds)
	if len(pipe.Decl) == 0 {
		return f, nil
	}
	slots := make([]int, len(pipe.Decl))
	for i, d := range pipe.Decl {
		if pipe.IsAssign {
			slots[i] = c.lookup(d.Ident[0])
		} else {
			slots[i] = c.declare(d.Ident[0])
		}
	}
	return func(s *state, dot reflect.Value) reflect.Value {
		v := f(s, dot)
		for _, slot := range slots {
			s.vars[slot] = v
		}
		return v
	}, slots
}

// nested compiles a parenthesized pipeline. One that declares variables
// is refused: and, or and a field of a missing value may skip it, and
// text/template then never declares them.
func (c *compiler) nested(pipe *parse.PipeNode) valFn {
	if len(pipe.Decl) > 0 {
		failf("a variable declared in parentheses")
	}
	return c.pipeline(pipe)
}

// commands compiles a pipeline's commands without its declarations.
func (c *compiler) commands(cmds []*parse.CommandNode) valFn {
	fns := make([]cmdFn, len(cmds))
	for i, cmd := range cmds {
		fns[i] = c.command(cmd, i > 0)
	}
	if len(fns) == 1 {
		f := fns[0]
		return func(s *state, dot reflect.Value) reflect.Value {
			return unwrapEmpty(f(s, dot, reflect.Value{}))
		}
	}
	return func(s *state, dot reflect.Value) reflect.Value {
		var v reflect.Value
		for _, f := range fns {
			v = unwrapEmpty(f(s, dot, v))
		}
		return v
	}
}

// unwrapEmpty digs into a value of type interface{} for the thing inside.
func unwrapEmpty(v reflect.Value) reflect.Value {
	if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
		return v.Elem()
	}
	return v
}

func (c *compiler) command(cmd *parse.CommandNode, hasFinal bool) cmdFn {
	args := cmd.Args
	switch n := args[0].(type) {
	case *parse.FieldNode:
		return c.fieldChain(nil, n.Ident, args, hasFinal)
	case *parse.ChainNode:
		if n.Node.Type() == parse.NodeNil {
			failf("indirection through explicit nil in %s", n)
		}
		recv := c.dynamic(n.Node)
		if recv == nil {
			failf("can't evaluate a chain on %s", n.Node)
		}
		return c.fieldChain(recv, n.Field, args, hasFinal)
	case *parse.IdentifierNode:
		return c.call(n.Ident, args, hasFinal)
	case *parse.VariableNode:
		slot := c.lookup(n.Ident[0])
		get := func(s *state, _ reflect.Value) reflect.Value { return s.vars[slot] }
		if len(n.Ident) == 1 {
			c.notAFunction(args, hasFinal)
			return func(s *state, _, _ reflect.Value) reflect.Value { return s.vars[slot] }
		}
		return c.fieldChain(get, n.Ident[1:], args, hasFinal)
	case *parse.PipeNode:
		c.notAFunction(args, hasFinal)
		f := c.nested(n)
		return func(s *state, dot, _ reflect.Value) reflect.Value { return f(s, dot) }
	}
	c.notAFunction(args, hasFinal)
	switch n := args[0].(type) {
	case *parse.BoolNode, *parse.NumberNode, *parse.StringNode:
		v, err := emptyInterfaceConst(n)
		if err != nil {
			failf("%v", err)
		}
		return func(*state, reflect.Value, reflect.Value) reflect.Value { return v }
	case *parse.DotNode:
		return func(_ *state, dot, _ reflect.Value) reflect.Value { return dot }
	}
	failf("can't evaluate command %q", args[0])
	return nil
}

func (c *compiler) notAFunction(args []parse.Node, hasFinal bool) {
	if len(args) > 1 || hasFinal {
		failf("can't give argument to non-function %s", args[0])
	}
}

// dynamic compiles an argument whose value comes from the data (dot, a
// field, a variable, a pipeline, a function), or returns nil for a
// literal.
func (c *compiler) dynamic(n parse.Node) valFn {
	switch n := n.(type) {
	case *parse.DotNode:
		return func(_ *state, dot reflect.Value) reflect.Value { return dot }
	case *parse.FieldNode, *parse.VariableNode, *parse.ChainNode, *parse.IdentifierNode:
		f := c.command(&parse.CommandNode{NodeType: parse.NodeCommand, Args: []parse.Node{n}}, false)
		return func(s *state, dot reflect.Value) reflect.Value { return f(s, dot, reflect.Value{}) }
	case *parse.PipeNode:
		return c.nested(n)
	}
	return nil
}

// arg is a compiled argument: a value from the data or a literal.
type arg struct {
	node parse.Node
	dyn  valFn
}

func (c *compiler) args(nodes []parse.Node) []arg {
	out := make([]arg, len(nodes))
	for i, n := range nodes {
		out[i] = arg{n, c.dynamic(n)}
	}
	return out
}

// typed is the argument as a parameter of type typ receives it; raw
// leaves a value for a reflect.Value parameter unwrapped (see rawValue).
func (a arg) typed(typ reflect.Type, raw bool) valFn {
	if raw && typ == reflectValueType {
		if a.dyn != nil {
			dyn := a.dyn
			return func(s *state, dot reflect.Value) reflect.Value { return rawValue(dyn(s, dot)) }
		}
		if _, ok := a.node.(*parse.NilNode); ok {
			return func(*state, reflect.Value) reflect.Value { return reflect.Value{} }
		}
		v, err := emptyInterfaceConst(a.node)
		return constant(v, err)
	}
	if a.dyn != nil {
		dyn := a.dyn
		return func(s *state, dot reflect.Value) reflect.Value { return validateType(dyn(s, dot), typ) }
	}
	if _, ok := a.node.(*parse.NilNode); ok {
		if canBeNil(typ) {
			return constant(reflect.Zero(typ), nil)
		}
		return constant(reflect.Value{}, fmt.Errorf("cannot assign nil to %s", typ))
	}
	return constant(constArg(a.node, typ))
}

func constant(v reflect.Value, err error) valFn {
	if err != nil {
		return func(*state, reflect.Value) reflect.Value { panic(failure{err}) }
	}
	return func(*state, reflect.Value) reflect.Value { return v }
}

// plan is how a call site passes its arguments to a function of one type.
type plan struct {
	args      []valFn
	finalType reflect.Type // nil when there is no final argument
	raw       bool         // reflect.Value parameters take values as they are (see rawValue)
}

// newPlan types the arguments of a call to a function of type typ, as
// text/template's evalCall does.
func newPlan(name string, typ reflect.Type, args []arg, hasFinal, raw bool) (*plan, error) {
	numIn := len(args)
	if hasFinal {
		numIn++
	}
	numFixed := len(args)
	if typ.IsVariadic() {
		numFixed = typ.NumIn() - 1
		if numIn < numFixed {
			return nil, fmt.Errorf("wrong number of args for %s: want at least %d got %d", name, typ.NumIn()-1, len(args))
		}
	} else if numIn != typ.NumIn() {
		return nil, fmt.Errorf("wrong number of args for %s: want %d got %d", name, typ.NumIn(), numIn)
	}
	if err := goodFunc(name, typ); err != nil {
		return nil, err
	}
	p := &plan{args: make([]valFn, len(args)), raw: raw}
	i := 0
	for ; i < numFixed && i < len(args); i++ {
		p.args[i] = args[i].typed(typ.In(i), raw)
	}
	if typ.IsVariadic() {
		elem := typ.In(typ.NumIn() - 1).Elem()
		for ; i < len(args); i++ {
			p.args[i] = args[i].typed(elem, raw)
		}
	}
	if hasFinal {
		t := typ.In(typ.NumIn() - 1)
		if typ.IsVariadic() {
			if numIn-1 < numFixed {
				t = typ.In(numIn - 1)
			} else {
				t = t.Elem()
			}
		}
		p.finalType = t
	}
	return p, nil
}

// push evaluates the arguments onto s.args and returns where they start;
// pop takes them off again once the call has read them. An argument's
// own calls push theirs after the ones before it, and pop them, while it
// is evaluated: a call's arguments are one stack, not a slice each.
func (p *plan) push(s *state, dot, final reflect.Value) (base int) {
	base = len(s.args)
	for _, a := range p.args {
		v := a(s, dot)
		s.args = append(s.args, v)
	}
	if p.finalType != nil {
		s.args = append(s.args, p.finalValue(final))
	}
	return base
}

func (s *state) pop(base int) {
	clear(s.args[base:])
	s.args = s.args[:base]
}

// finalValue is the final argument (the pipeline's value) as the
// function takes it.
func (p *plan) finalValue(final reflect.Value) reflect.Value {
	if p.raw && p.finalType == reflectValueType {
		return rawValue(final)
	}
	return validateType(final, p.finalType)
}

// callValue calls fn, a function or a method value, as text/template
// does, and returns its result.
func (p *plan) callValue(s *state, dot, fn, final reflect.Value, name string) reflect.Value {
	base := p.push(s, dot, final)
	ret := fn.Call(s.args[base:])
	s.pop(base)
	if len(ret) == 2 && !ret[1].IsNil() {
		failf("error calling %s: %w", name, ret[1].Interface().(error))
	}
	return rawValue(ret[0])
}

// native is a builtin function implemented here.
type native struct {
	sig reflect.Type // the signature text/template declares
	fn  func(args []reflect.Value) (reflect.Value, error)
}

// call compiles a call of a function by name: a template function, a
// builtin or an escaper.
func (c *compiler) call(name string, nodes []parse.Node, hasFinal bool) cmdFn {
	args := c.args(nodes[1:])
	// html/template's escapers take precedence over the set's functions,
	// and those over the builtins, as in the set's own lookup.
	if e := escapers[name]; e != nil {
		p, err := newPlan(name, reflect.TypeFor[func(...any) string](), args, hasFinal, false)
		if err != nil {
			failf("%v", err)
		}
		return func(s *state, dot, final reflect.Value) reflect.Value {
			base := p.push(s, dot, final)
			str, t := stringify(interfaces(s.args[base:])...)
			s.pop(base)
			return reflect.ValueOf(e(str, t))
		}
	}
	if fn, ok := c.funcs[name]; ok {
		p, err := newPlan(name, fn.Type(), args, hasFinal, false)
		if err != nil {
			failf("%v", err)
		}
		if direct := directOf(fn); direct != nil {
			return func(s *state, dot, final reflect.Value) reflect.Value {
				base := p.push(s, dot, final)
				v, err := direct(s.args[base:])
				s.pop(base)
				if err != nil {
					failf("error calling %s: %w", name, err)
				}
				return rawValue(v)
			}
		}
		return func(s *state, dot, final reflect.Value) reflect.Value {
			return p.callValue(s, dot, fn, final, name)
		}
	}
	b := builtins[name]
	if b == nil {
		failf("function %q not supported", name)
	}
	p, err := newPlan(name, b.sig, args, hasFinal, true)
	if err != nil {
		failf("%v", err)
	}
	if name == "and" || name == "or" {
		or := name == "or"
		return func(s *state, dot, final reflect.Value) reflect.Value {
			var v reflect.Value
			for _, a := range p.args {
				if v = a(s, dot); truth(v) == or {
					return v
				}
			}
			if p.finalType != nil {
				v = rawValue(final)
			}
			return v
		}
	}
	return func(s *state, dot, final reflect.Value) reflect.Value {
		base := p.push(s, dot, final)
		v, err := b.fn(s.args[base:])
		s.pop(base)
		if err != nil {
			failf("error calling %s: %w", name, err)
		}
		return v
	}
}

// fieldChain compiles .X.Y.Z, with arguments for Z if it is a method, on
// the receiver recv computes (dot when recv is nil).
func (c *compiler) fieldChain(recv valFn, idents []string, nodes []parse.Node, hasFinal bool) cmdFn {
	sites := make([]*fieldSite, len(idents))
	for i, id := range idents {
		sites[i] = &fieldSite{name: id, key: reflect.ValueOf(id)}
	}
	last := sites[len(sites)-1]
	last.args, last.hasFinal = c.args(nodes[1:]), hasFinal // only the last takes arguments
	// Most chains are one field (.Name).
	if len(sites) == 1 {
		if recv == nil {
			return func(s *state, dot, final reflect.Value) reflect.Value { return last.eval(s, dot, dot, final) }
		}
		return func(s *state, dot, final reflect.Value) reflect.Value { return last.eval(s, dot, recv(s, dot), final) }
	}
	return func(s *state, dot, final reflect.Value) reflect.Value {
		r := dot
		if recv != nil {
			r = recv(s, dot)
		}
		for _, f := range sites[:len(sites)-1] {
			r = f.eval(s, dot, r, reflect.Value{})
		}
		return last.eval(s, dot, r, final)
	}
}

// fieldSite is one field name in a template, with the arguments it is
// given if it names a method, and what it is on the receiver types seen
// there.
type fieldSite struct {
	name     string
	key      reflect.Value // name, as a map key
	args     []arg
	hasFinal bool
	known    atomic.Pointer[[]*fieldKind]
}

// fieldKind is what a field name is on one receiver type.
type fieldKind struct {
	id     typeID // of typ
	typ    reflect.Type
	addr   bool // whether the receiver is addressable (its methods include *T's)
	method int  // index of the method in the method set of typ, or *typ if addr; -1 if none
	index  []int
	dict   bool                 // typ is map[string]any, as the dict function makes
	plan   atomic.Pointer[plan] // the method's arguments, made at its first call
	// direct calls the method as a function of its receiver and
	// arguments, when its type is registered (see Fn1); nil otherwise.
	direct directFn
}

var dictType = reflect.TypeFor[map[string]any]()

// maxKinds bounds the receiver types a field site remembers.
const maxKinds = 8

// typeID is a type's identity as a pointer: its reflect.Type's data word,
// the runtime's one descriptor of the type. Two reflect.Types are equal
// exactly when they hold the same descriptor (reflect documents Types as
// comparable with ==, and == on them compares these words), so comparing
// the words is that ==, without the runtime call that comparing two
// interface values makes: a build at scale 4 looks up three million
// fields, and that call was an eighth of their cost.
type typeID unsafe.Pointer

func idOf(t reflect.Type) typeID {
	return typeID((*[2]unsafe.Pointer)(unsafe.Pointer(&t))[1])
}

func (f *fieldSite) kind(recv reflect.Value) *fieldKind {
	typ, addr := recv.Type(), recv.CanAddr()
	id := idOf(typ)
	var known []*fieldKind
	if k := f.known.Load(); k != nil {
		known = *k
		for _, k := range known {
			if k.id == id && k.addr == addr {
				return k
			}
		}
	}
	k := &fieldKind{id: id, typ: typ, addr: addr, method: -1, dict: typ == dictType}
	ptr := typ
	if typ.Kind() != reflect.Pointer && addr {
		ptr = reflect.PointerTo(typ)
	}
	if m, ok := ptr.MethodByName(f.name); ok {
		k.method, k.direct = m.Index, directOf(m.Func)
	} else if typ.Kind() == reflect.Struct {
		if sf, ok := typ.FieldByName(f.name); ok && sf.IsExported() {
			k.index = sf.Index
		}
	}
	if len(known) < maxKinds {
		next := append(known[:len(known):len(known)], k)
		f.known.Store(&next)
	}
	return k
}

// eval evaluates the field on receiver, as text/template's evalField does.
func (f *fieldSite) eval(s *state, dot, receiver, final reflect.Value) reflect.Value {
	if !receiver.IsValid() {
		return reflect.Value{} // the set's missingkey option must be the default
	}
	recv, isNil := indirect(receiver)
	if isNil {
		panic(unsupported("a field of a nil value"))
	}
	k := f.kind(recv)
	if k.method >= 0 {
		ptr := recv
		if k.addr && ptr.Kind() != reflect.Pointer {
			ptr = ptr.Addr()
		}
		p := k.plan.Load()
		if p == nil {
			var err error
			if p, err = newPlan(f.name, ptr.Method(k.method).Type(), f.args, f.hasFinal, false); err != nil {
				failf("%v", err)
			}
			k.plan.Store(p)
		}
		if k.direct != nil {
			// The receiver first, then the arguments as the method
			// value would take them: reflect's Call of a method value
			// made its receiver and frame on the heap each time.
			base := len(s.args)
			s.args = append(s.args, ptr)
			p.push(s, dot, final)
			v, err := k.direct(s.args[base:])
			s.pop(base)
			if err != nil {
				failf("error calling %s: %w", f.name, err)
			}
			return rawValue(v)
		}
		return p.callValue(s, dot, ptr.Method(k.method), final, f.name)
	}
	hasArgs := len(f.args) > 0 || f.hasFinal
	switch recv.Kind() {
	case reflect.Struct:
		if k.index != nil {
			if hasArgs {
				failf("%s has arguments but cannot be invoked as function", f.name)
			}
			if len(k.index) == 1 {
				return recv.Field(k.index[0])
			}
			v, err := recv.FieldByIndexErr(k.index)
			if err != nil {
				failf("%v", err)
			}
			return v
		}
	case reflect.Map:
		if stringType.AssignableTo(recv.Type().Key()) {
			if hasArgs {
				failf("%s is not a method but has arguments", f.name)
			}
			if k.dict && recv.CanInterface() {
				// A dict's value as its own value, not boxed in an
				// interface Value: MapIndex copies an interface element
				// to the heap, and everything that reads a field's value
				// (a next field, a pipeline's end, an argument, a test)
				// unwraps an interface first. Missing and nil values go
				// the way they did.
				m, _ := reflect.TypeAssert[map[string]any](recv)
				if e := m[f.name]; e != nil {
					return reflect.ValueOf(e)
				}
			}
			return recv.MapIndex(f.key)
		}
	}
	failf("can't evaluate field %s in type %s", f.name, receiver.Type())
	return reflect.Value{}
}
