package sanafeed

import (
	"errors"
	"net/url"
	"strings"
)

// RedactURL returns raw fit to show in logs, metrics and command output:
// without its userinfo, query and fragment, which may carry tokens
// ("https://hooks.example.org/sana?token=…" → "https://hooks.example.org/sana?…").
// What does not parse is shown as "(unparsable URL)".
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	redacted := u.RawQuery != "" || u.ForceQuery
	u.User, u.RawQuery, u.ForceQuery, u.Fragment, u.RawFragment = nil, "", false, "", ""
	s := u.String()
	if redacted {
		s += "?…"
	}
	return s
}

// RedactError returns err's message with the URL its *url.Error quotes
// (the HTTP client's errors do: `Post "https://…": …`) shown by
// RedactURL; "" for nil.
func RedactError(err error) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	if ue, ok := errors.AsType[*url.Error](err); ok {
		red := *ue
		red.URL = RedactURL(ue.URL)
		msg = strings.Replace(msg, ue.Error(), red.Error(), 1)
	}
	return msg
}
