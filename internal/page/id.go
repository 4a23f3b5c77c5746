package page

// ID is the id of an element of the page that tests, the benchmark or an
// embed look up. The view fills them; a page may leave out any but Root.
type ID string

// The elements of the page contract (DESIGN.md) and the parts around them.
const (
	Root     ID = "playground" // data-state holds the State
	Run      ID = "run"
	Stop     ID = "stop"
	Output   ID = "output" // one child per line: data-goroutine and the text
	Code     ID = "code"   // the editor of the program on show
	New      ID = "new"    // opens a blank program
	Input    ID = "input"  // the input line of a program that reads input
	Trace    ID = "trace"  // downloads the run's Go execution trace
	Message  ID = "message"
	Status   ID = "status"
	Timeline ID = "timeline-box"
	// HiddenLines says how many output lines the page did not build while
	// they flooded in; the benchmark and the streaming test count them.
	HiddenLines ID = "hidden-lines"
)

// Selector returns the CSS selector of the element, "#run".
func (id ID) Selector() string { return "#" + string(id) }
