package sanafeed

import "net/url"

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
