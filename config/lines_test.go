package config

import (
	"reflect"
	"testing"
)

func TestScanLines(t *testing.T) {
	src := `# comment with "quote" and [bracket] and key = 1
data_dir = "a # not a comment = [x]" # comment
listen = 'c:\dir'
public_url = """
[[source]]
lang = "xx"
"""
poll.interval = "5m"

[ poll ]   # spaced header
"user agent" = 1
timeout = 'x'''

[[source]]
lang = "en"
[source.extra]
x = 1

[[ source ]]
url = [
  "a", # 1
  {k = 1,
   m = 2},
]
'q.r' . s = 3

[[webhook]]
events = ["a", "b"]
x = { y = "}", z = [1,
  2] }
`
	want := keyLines{
		"data_dir": 2, "listen": 3, "public_url": 4, "poll": 8, "poll.interval": 8,
		`poll."user agent"`: 11, "poll.timeout": 12,
		"source": 14, "source[1]": 14, "source[1].lang": 15, "source[1].extra": 16, "source[1].extra.x": 17,
		"source[2]": 19, "source[2].url": 20, "source[2].url[1]": 21, "source[2].url[2]": 22,
		"source[2].url[2].k": 22, "source[2].url[2].m": 23,
		`source[2]."q.r"`: 25, `source[2]."q.r".s`: 25,
		"webhook": 27, "webhook[1]": 27, "webhook[1].events": 28, "webhook[1].events[1]": 28, "webhook[1].events[2]": 28,
		"webhook[1].x": 29, "webhook[1].x.y": 29, "webhook[1].x.z": 29, "webhook[1].x.z[1]": 29, "webhook[1].x.z[2]": 30,
	}
	got := scanLines(src)
	if !reflect.DeepEqual(got, want) {
		for k, v := range got {
			if want[k] != v {
				t.Errorf("line of %s = %d, want %d", k, v, want[k])
			}
		}
		for k, v := range want {
			if _, ok := got[k]; !ok {
				t.Errorf("line of %s missing, want %d", k, v)
			}
		}
	}
	if n := got.find("webhook[1].url"); n != 27 {
		t.Errorf("find(webhook[1].url) = %d, want 27 (its table)", n)
	}
	if k := got.onLine(22); k != "source[2].url[2]" {
		t.Errorf("onLine(22) = %q", k)
	}
}
