package stdlib

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"reflect"
)

// Wrappers for composed interfaces, as in yaegi's wrapper-composed.go: an
// interpreted value passed as an io.Reader is wrapped in _io_Reader, which
// hides its other methods, so io.Copy would miss its WriteTo. Where the
// interpreted type has the extra method, the interpreter uses the composed
// wrapper below instead (getWrapper in yaegi's interp/use.go).

// _netHTTPResponseWriterHijacker is an http.ResponseWriter that can Hijack.
type _netHTTPResponseWriterHijacker struct {
	IValue       any
	WHeader      func() http.Header
	WWrite       func(a0 []byte) (int, error)
	WWriteHeader func(statusCode int)

	WHijack func() (net.Conn, *bufio.ReadWriter, error)
}

func (w _netHTTPResponseWriterHijacker) Header() http.Header          { return w.WHeader() }
func (w _netHTTPResponseWriterHijacker) Write(a0 []byte) (int, error) { return w.WWrite(a0) }
func (w _netHTTPResponseWriterHijacker) WriteHeader(statusCode int)   { w.WWriteHeader(statusCode) }
func (w _netHTTPResponseWriterHijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return w.WHijack()
}

// _ioReaderWriteTo is an io.Reader with WriteTo, used by io.Copy.
type _ioReaderWriteTo struct {
	IValue any
	WRead  func(p []byte) (n int, err error)

	WWriteTo func(w io.Writer) (n int64, err error)
}

func (w _ioReaderWriteTo) Read(p []byte) (n int, err error)          { return w.WRead(p) }
func (w _ioReaderWriteTo) WriteTo(wr io.Writer) (n int64, err error) { return w.WWriteTo(wr) }

// _ioWriterReadFrom is an io.Writer with ReadFrom, used by io.Copy.
type _ioWriterReadFrom struct {
	IValue any
	WWrite func(p []byte) (n int, err error)

	WReadFrom func(r io.Reader) (n int64, err error)
}

func (w _ioWriterReadFrom) Write(p []byte) (n int, err error)         { return w.WWrite(p) }
func (w _ioWriterReadFrom) ReadFrom(r io.Reader) (n int64, err error) { return w.WReadFrom(r) }

// Each MapTypes entry lists the composed wrappers of an interface's
// generated wrapper (the go1_N_*.go files), most methods first.
func init() {
	MapTypes[reflect.ValueOf((*_net_http_ResponseWriter)(nil))] = []reflect.Type{
		reflect.TypeOf((*_netHTTPResponseWriterHijacker)(nil)).Elem(),
	}
	MapTypes[reflect.ValueOf((*_io_Reader)(nil))] = []reflect.Type{
		reflect.TypeOf((*_ioReaderWriteTo)(nil)).Elem(),
	}
	MapTypes[reflect.ValueOf((*_io_Writer)(nil))] = []reflect.Type{
		reflect.TypeOf((*_ioWriterReadFrom)(nil)).Elem(),
	}
}
