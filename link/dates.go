package link

import (
	"strconv"
	"strings"
)

// Month and weekday names of the six editions, normalised as tokens are
// (accents folded, Arabic unified). SANA's Arabic uses the Levantine month
// names (كانون الثاني، شباط، آذار…); other Arabic text the standard ones
// (يناير، فبراير…). Kurmanji has both its own (Çile, Sibat…) and the
// Levantine-derived ones (Kanûna Paşîn…).
var monthLines = []string{
	"1|كانون الثاني,يناير|january,jan|janvier,janv|enero|ocak|cile,kanuna pasin,kanun pasin,rebendan",
	"2|شباط,فبراير|february,feb|fevrier,fevr|febrero|subat|sibat,sibat",
	"3|اذار,مارس|march,mar|mars|marzo|mart|adar",
	"4|نيسان,ابريل|april,apr|avril|abril|nisan|nisan",
	"5|ايار,مايو|may|mai|mayo|mayis|gulan",
	"6|حزيران,يونيو,يونيه|june,jun|juin|junio|haziran|hezeran,heziran,pusper",
	"7|تموز,يوليو,يوليه|july,jul|juillet|julio|temmuz|tirmeh",
	"8|اب,اغسطس|august,aug|aout|agosto|agustos|tebax",
	"9|ايلول,سبتمبر|september,sept,sep|septembre,sept|septiembre,setiembre|eylul|ilon,elon",
	"10|تشرين الاول,اكتوبر|october,oct|octobre,oct|octubre|ekim|cotmeh,ciriya pesin,cirya pesin",
	"11|تشرين الثاني,نوفمبر|november,nov|novembre,nov|noviembre|kasim|mijdar,ciriya pasin,cirya pasin",
	"12|كانون الاول,ديسمبر|december,dec|decembre,dec|diciembre|aralik|berfanbar,kanun,kanuna pesin,kanun pesin",
}

// weekdayLines lists weekday names, Monday first; Arabic with its article.
var weekdayLines = []string{
	"1|الاثنين|monday|lundi|lunes|pazartesi|duseme,dusem",
	"2|الثلاثاء|tuesday|mardi|martes|sali|seseme,sesem",
	"3|الاربعاء|wednesday|mercredi|miercoles|carsamba|carseme,carsem",
	"4|الخميس|thursday|jeudi|jueves|persembe|pencseme,pencsem",
	"5|الجمعه|friday|vendredi|viernes|cuma|ine,eyne",
	"6|السبت|saturday|samedi|sabado|cumartesi|semi,seme",
	"7|الاحد|sunday|dimanche|domingo|pazar|yeksemi,yeksem",
}

// A calendar maps normalised names in each edition to month or weekday
// numbers.
type calendar struct {
	langs map[string]*calendarLang
}

// A calendarLang is the names of one edition.
type calendarLang struct {
	words map[string]int  // name → number
	first map[string]bool // first words of two-word names
}

// months and weekdays are built once from the lines above; read-only.
var (
	months   = buildCalendar(monthLines)
	weekdays = buildCalendar(weekdayLines)
)

func buildCalendar(lines []string) *calendar {
	c := &calendar{langs: map[string]*calendarLang{}}
	for _, l := range langOrder {
		c.langs[l] = &calendarLang{words: map[string]int{}, first: map[string]bool{}}
	}
	for _, line := range lines {
		cols := strings.Split(line, "|")
		n, _ := strconv.Atoi(cols[0])
		for i, col := range cols[1:] {
			for _, f := range strings.Split(col, ",") {
				p := phrase(f)
				cl := c.langs[langOrder[i]]
				cl.words[p] = n
				if k := strings.IndexByte(p, ' '); k > 0 {
					cl.first[p[:k]] = true
				}
			}
		}
	}
	return c
}

// at returns the number named by toks[i] (or toks[i:i+2]) in lang and how
// many tokens the name spans; 0, 0 when there is none. Turkish and
// Kurmanji case endings (Îlonê, Eylül'de) and Arabic clitics are allowed;
// toks are prepared.
func (c *calendarLang) at(lang string, toks []token, i int) (num, span int) {
	m := c.words
	t := &toks[i]
	suffixed := lang == "ku" || lang == "tr"
	if i+1 < len(toks) && c.first[t.forms[0]] {
		head, next := t.forms[0]+" ", toks[i+1].forms[0]
		if n, ok := m[head+next]; ok {
			return n, 2
		}
		if suffixed && eachCut(next, 3, 3, func(w string) bool { num, _ = m[head+w]; return num > 0 }) {
			return num, 2
		}
	}
	for _, f := range t.forms {
		if n, ok := m[f]; ok {
			return n, 1
		}
	}
	if suffixed && eachCut(t.forms[0], 4, 3, func(w string) bool { num, _ = m[w]; return num > 0 }) {
		return num, 1
	}
	return 0, 0
}

// dateKeys returns the dates named in toks as keys: "d:M-D" for a day and
// month, "y:Y-M" for a month and year, "m:M" for a month alone and "w:N"
// for a weekday. Days and years are read from neighbouring number tokens.
func dateKeys(lang string, toks []token) []string {
	wd, mo := weekdays.langs[lang], months.langs[lang]
	if wd == nil {
		return nil
	}
	var keys []string
	for i := 0; i < len(toks); i++ {
		if n, span := wd.at(lang, toks, i); n > 0 && plausibleWeekday(lang, toks, i, span) {
			keys = append(keys, "w:"+strconv.Itoa(n))
			i += span - 1
			continue
		}
		m, span := mo.at(lang, toks, i)
		if m == 0 || !plausibleMonth(lang, toks, i, m) {
			continue
		}
		keys = append(keys, "m:"+strconv.Itoa(m))
		day, year := neighbourNumbers(toks, i, span)
		if day > 0 {
			keys = append(keys, "d:"+strconv.Itoa(m)+"-"+strconv.Itoa(day))
		}
		if year > 0 {
			keys = append(keys, "y:"+strconv.Itoa(year)+"-"+strconv.Itoa(m))
		}
		i += span - 1
	}
	return keys
}

// plausibleMonth reports whether toks[i] names month m rather than a word
// spelled like one. English, Turkish and Kurmanji write months with a
// capital (Turkish ekim, kasım, aralık are also common words); short
// forms (May, Mar) and Arabic آب ("father") and مارس ("he practised")
// need a day or year beside them.
func plausibleMonth(lang string, toks []token, i, m int) bool {
	t := toks[i]
	var ambiguous bool
	switch lang {
	case "ar":
		ambiguous = t.text == "اب" || t.text == "مارس"
	case "en", "tr", "ku":
		ambiguous = !t.upper || len([]rune(t.text)) <= 3
	}
	if !ambiguous {
		return true
	}
	day, year := neighbourNumbers(toks, i, 1)
	return day > 0 || year > 0
}

// plausibleWeekday reports whether toks[i] names a weekday rather than a
// word spelled like one (Turkish pazar "market", cuma "Friday prayers").
func plausibleWeekday(lang string, toks []token, i, span int) bool {
	switch lang {
	case "en":
		return toks[i].upper
	case "tr":
		return toks[i].upper || i+span < len(toks) && strings.HasPrefix(toks[i+span].text, "gun")
	case "ku":
		return toks[i].upper || i > 0 && strings.HasPrefix(toks[i-1].text, "roj")
	}
	return true
}

// neighbourNumbers returns a day (1–31) and a year (1900–2100) found in
// the tokens around toks[i:i+span]: "9 February 2026", "February 9, 2026",
// "9 de febrero de 2026", "29ê Îlona 2018an", "9 شباط 2026".
func neighbourNumbers(toks []token, i, span int) (day, year int) {
	look := func(j int) bool {
		if j < 0 || j >= len(toks) {
			return false
		}
		n, ok := leadingInt(toks[j].text)
		switch {
		case !ok:
			return false
		case n >= 1 && n <= 31 && day == 0:
			day = n
		case n >= 1900 && n <= 2100 && year == 0:
			year = n
		default:
			return false
		}
		return true
	}
	linked := func(j int) bool { return j >= 0 && j < len(toks) && isLinkWord(toks[j].text) }
	// Before: the day, perhaps with a link word between ("9 de febrero").
	if !look(i-1) && linked(i-1) {
		look(i - 2)
	}
	// After: a day or year, a link word, then perhaps a year
	// ("February 9, 2026", "febrero de 2026").
	j := i + span
	if look(j) || linked(j) {
		if !look(j+1) && linked(j+1) {
			look(j + 2)
		}
	}
	return day, year
}

// isLinkWord reports whether w may stand between a day and its month or a
// month and its year: Spanish "de", Arabic "من" (التاسع من شباط), "of".
func isLinkWord(w string) bool {
	switch w {
	case "de", "del", "of", "من", "عام", "le":
		return true
	}
	return false
}

// leadingInt parses the digits w starts with ("29", "29e", "2018an").
func leadingInt(w string) (int, bool) {
	end := 0
	for end < len(w) && w[end] >= '0' && w[end] <= '9' {
		end++
	}
	if end == 0 || end > 4 {
		return 0, false
	}
	n, err := strconv.Atoi(w[:end])
	return n, err == nil
}

// numberKeys returns the numbers written in normalised text s, in one form
// whatever the script and separators: "1,500", "1.500", "1 500" and
// "١٬٥٠٠" are "1500"; "7.5", "7,5" and "٧٫٥" are "7.5". Leading zeros go.
func numberKeys(s string) []string {
	var keys []string
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		groups, seps, end := digitGroups(s, i)
		keys = append(keys, readNumber(groups, seps))
		i = end
	}
	return keys
}

// digitGroups reads digits from s[i:] separated by single '.', ',' or ' '
// (a space only before exactly three digits) and returns the groups, the
// separators and where it stopped.
func digitGroups(s string, i int) (groups []string, seps []byte, end int) {
	for {
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		groups = append(groups, s[i:j])
		if j+1 >= len(s) || !isDigit(s[j+1]) {
			return groups, seps, j
		}
		sep := s[j]
		k := j + 1
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		switch {
		case sep == '.' || sep == ',':
		case sep == ' ' && k-j-1 == 3 && len(groups[len(groups)-1]) <= 3:
		default:
			return groups, seps, j
		}
		seps = append(seps, sep)
		i = j + 1
	}
}

// readNumber joins digit groups into one number. A separator before a
// group of exactly three digits groups thousands; the last separator
// before a group of any other length, or a separator unlike the others
// before it, is the decimal point.
func readNumber(groups []string, seps []byte) string {
	var b strings.Builder
	b.WriteString(trimZeros(groups[0]))
	for k, sep := range seps {
		g := groups[k+1]
		last := k == len(seps)-1
		decimal := len(g) != 3 || last && k > 0 && sep != seps[0]
		if decimal {
			b.WriteByte('.')
			b.WriteString(g)
			if !last { // 1.5.2026: a date; keep the rest as given
				continue
			}
		} else {
			b.WriteString(g)
		}
	}
	if b.Len() == 0 {
		return "0"
	}
	return b.String()
}

func trimZeros(g string) string {
	g = strings.TrimLeft(g, "0")
	if g == "" {
		return "0"
	}
	return g
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
