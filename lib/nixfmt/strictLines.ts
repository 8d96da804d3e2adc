/**
 * nixfmt's `--strict` forgets the source line of every token outside strings (its `mapAllTokens`
 * does not enter interpolations): a tree read with lines, as `parse` reads it, is made the tree
 * that strict reading gives.
 *
 * @module
 */
import type {
  Ann,
  Binder,
  Expression,
  Item,
  Parameter,
  Selector,
  SimpleSelector,
  Term,
  Whole,
} from "./tree.js";

function one<T>(a: Ann<T>): Ann<T> {
  return a.line === 1 ? a : { ...a, line: 1 };
}

function oneOrNull<T>(a: Ann<T> | null): Ann<T> | null {
  return a === null ? null : one(a);
}

function items<T>(xs: readonly Item<T>[], f: (x: T) => T): Item<T>[] {
  return xs.map((i) => (i.k === "item" ? { k: "item", value: f(i.value) } : i));
}

function simpleSelector(s: SimpleSelector): SimpleSelector {
  switch (s.k) {
    case "id":
      return { k: "id", leaf: one(s.leaf) };
    case "string":
    case "interpolation":
      return s.k === "string"
        ? { k: "string", ann: one(s.ann) }
        : { k: "interpolation", ann: one(s.ann) };
    default: {
      const never: never = s;
      throw new Error(`unknown selector ${JSON.stringify(never)}`);
    }
  }
}

function selector(s: Selector): Selector {
  return { dot: oneOrNull(s.dot), sel: simpleSelector(s.sel) };
}

function binder(b: Binder): Binder {
  if (b.k === "inherit")
    return {
      ...b,
      inherit: one(b.inherit),
      from: b.from === null ? null : term(b.from),
      sels: b.sels.map(simpleSelector),
      semi: one(b.semi),
    };
  return {
    ...b,
    sels: b.sels.map(selector),
    eq: one(b.eq),
    expr: expression(b.expr),
    semi: one(b.semi),
  };
}

function term(t: Term): Term {
  switch (t.k) {
    case "token":
      return { k: "token", leaf: one(t.leaf) };
    // Lines inside strings (interpolations) are kept, as nixfmt keeps them.
    case "simpleString":
      return { k: "simpleString", ann: one(t.ann) };
    case "indentedString":
      return { ...t, ann: one(t.ann) };
    case "path":
      return { k: "path", ann: one(t.ann) };
    case "list":
      return { ...t, open: one(t.open), items: items(t.items, term), close: one(t.close) };
    case "set":
      return {
        ...t,
        rec: oneOrNull(t.rec),
        open: one(t.open),
        items: items(t.items, binder),
        close: one(t.close),
      };
    case "selection":
      return {
        ...t,
        term: term(t.term),
        sels: t.sels.map(selector),
        def: t.def === null ? null : { or: one(t.def.or), term: term(t.def.term) },
      };
    case "paren":
      return { ...t, open: one(t.open), expr: expression(t.expr), close: one(t.close) };
    default: {
      const never: never = t;
      throw new Error(`unknown term ${JSON.stringify(never)}`);
    }
  }
}

function parameter(p: Parameter): Parameter {
  switch (p.k) {
    case "id":
      return { k: "id", leaf: one(p.leaf) };
    case "set":
      return {
        ...p,
        open: one(p.open),
        attrs: p.attrs.map((a) =>
          a.k === "ellipsis"
            ? { k: "ellipsis", leaf: one(a.leaf) }
            : {
                ...a,
                name: one(a.name),
                def: a.def === null ? null : { q: one(a.def.q), expr: expression(a.def.expr) },
                comma: oneOrNull(a.comma),
              },
        ),
        close: one(p.close),
      };
    case "context":
      return { ...p, first: parameter(p.first), at: one(p.at), second: parameter(p.second) };
    default: {
      const never: never = p;
      throw new Error(`unknown parameter ${JSON.stringify(never)}`);
    }
  }
}

/** The expression with every token outside strings on line 1. */
export function expression(e: Expression): Expression {
  // Operator chains are long and left-nested: walk their left spine without recursion.
  if (e.k === "operation" || e.k === "application") {
    const spine: Expression[] = [];
    let cur: Expression = e;
    while (cur.k === "operation" || cur.k === "application") {
      spine.push(cur);
      cur = cur.k === "operation" ? cur.l : cur.f;
    }
    let acc = expression(cur);
    for (let i = spine.length - 1; i >= 0; i--) {
      const s = spine[i]!;
      acc =
        s.k === "operation"
          ? { ...s, l: acc, op: one(s.op), r: expression(s.r) }
          : {
              ...(s as Extract<Expression, { k: "application" }>),
              f: acc,
              a: expression((s as Extract<Expression, { k: "application" }>).a),
            };
    }
    return acc;
  }
  switch (e.k) {
    case "term":
      return { k: "term", term: term(e.term) };
    case "with":
      return {
        ...e,
        with: one(e.with),
        env: expression(e.env),
        semi: one(e.semi),
        body: expression(e.body),
      };
    case "let":
      return {
        ...e,
        let: one(e.let),
        items: items(e.items, binder),
        in: one(e.in),
        body: expression(e.body),
      };
    case "assert":
      return {
        ...e,
        assert: one(e.assert),
        cond: expression(e.cond),
        semi: one(e.semi),
        body: expression(e.body),
      };
    case "if":
      return {
        ...e,
        if: one(e.if),
        cond: expression(e.cond),
        then: one(e.then),
        a: expression(e.a),
        else: one(e.else),
        b: expression(e.b),
      };
    case "abstraction":
      return { ...e, param: parameter(e.param), colon: one(e.colon), body: expression(e.body) };
    case "memberCheck":
      return { ...e, expr: expression(e.expr), q: one(e.q), sels: e.sels.map(selector) };
    case "negation":
      return { ...e, minus: one(e.minus), expr: expression(e.expr) };
    case "inversion":
      return { ...e, bang: one(e.bang), expr: expression(e.expr) };
    default: {
      const never: never = e;
      throw new Error(`unknown expression ${JSON.stringify(never)}`);
    }
  }
}

/** A whole file with every token outside strings on line 1. */
export function strictLines(w: Whole<Expression>): Whole<Expression> {
  return { value: expression(w.value), trivia: w.trivia };
}

/** A binder with every token outside strings on line 1. */
export { binder as strictBinder };
