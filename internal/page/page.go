// Package page holds the playground page's logic that needs no browser:
// its states, the ids of the elements that tests and embeds rely on, and
// (as the view moves out of the js-only package) the address grammar,
// share text and summaries. The view in wasm/ reads and writes the DOM;
// everything it decides is decided here, and tested with plain go test.
//
// # The contract
//
// DESIGN.md's page contract is spelled once, here: the root element's
// [State] words and the [ID] of every element a test or an embed may
// look up. The browser tests and the benchmark use these names too.
package page
