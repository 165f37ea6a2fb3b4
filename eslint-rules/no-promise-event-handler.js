/**
 * An event handler on an element of a Svelte template must not return a promise: the browser drops what a
 * handler returns, so a rejection would go unhandled. typescript-eslint's no-misused-promises checks JSX
 * attributes and callbacks in code, not Svelte's `on…={…}` attributes; this rule covers them with the same
 * type information (svelte-eslint-parser gives template expressions their types).
 *
 * Write `() => void work()` where fire-and-forget is intended and `work` handles its own errors (say so
 * where it is defined), or handle the promise in the handler. Callback props of components are left to
 * their types: a child may await what it is given.
 */

/**
 * @param {import('typescript').TypeChecker} checker
 * @param {import('typescript').Type} type
 * @returns {boolean}
 */
function isThenable(checker, type) {
  if (type.isUnion()) return type.types.some((t) => isThenable(checker, t));
  const then = type.getProperty('then');
  return then !== undefined && checker.getTypeOfSymbol(then).getCallSignatures().length > 0;
}

/** @type {import('eslint').Rule.RuleModule} */
export default {
  meta: {
    type: 'problem',
    docs: { description: 'Disallow event handlers on elements that return a promise' },
    messages: {
      promise:
        '{{name}} returns a promise, which the browser drops: use `() => void …` where the work handles its own errors, or handle the promise here.',
    },
    schema: [],
  },
  create(context) {
    const services = context.sourceCode.parserServices;
    if (!services?.program || !services.esTreeNodeToTSNodeMap) return {};
    const checker = services.program.getTypeChecker();
    return {
      /** @param {any} node a SvelteAttribute */
      SvelteAttribute(node) {
        const name = node.key.name;
        if (typeof name !== 'string' || !/^on[a-z]/.test(name)) return;
        if (node.parent.parent.kind === 'component') return;
        const value = node.value[0];
        if (value?.type !== 'SvelteMustacheTag') return;
        const tsNode = services.esTreeNodeToTSNodeMap.get(value.expression);
        if (!tsNode) return;
        const signatures = checker.getTypeAtLocation(tsNode).getCallSignatures();
        if (signatures.some((s) => isThenable(checker, s.getReturnType()))) {
          context.report({ node, messageId: 'promise', data: { name } });
        }
      },
    };
  },
};
