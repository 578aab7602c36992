package metric

import "errors"

// ErrBadInput is wrapped by every error about arguments a metric cannot
// score (mismatched lengths, impossible counts).
var ErrBadInput = errors.New("metric: bad input")
