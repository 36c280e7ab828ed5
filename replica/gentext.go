package replica

// A langText holds what the generator writes in one language.
type langText struct {
	lang      string
	cities    []string // in the order of cityKeys
	cityLoc   []string // Turkish locative forms ("Şam'da"); nil elsewhere
	months    [12]string
	topics    []topicText // in the order of topicKeys
	titles    []string    // templates
	sentences []string    // templates; the first opens every article
	initials  []string
	digits    bool   // write numbers in Eastern Arabic digits
	imgSuffix string // WordPress size suffix of the featured image
}

// A topicText is one topic's words in one language.
type topicText struct{ min, proj, tag, cat string }

var (
	cityKeys  = [...]string{"damascus", "aleppo", "homs", "hama", "latakia", "tartus", "idlib", "daraa", "deir-ezzor", "raqqa", "hasakah", "sweida"}
	topicKeys = [...]string{"electricity", "water", "roads", "schools", "health", "irrigation", "housing", "culture"}
)

// genTables returns the generator's text for every edition.
func genTables() map[string]*langText {
	return map[string]*langText{"ar": arText(), "en": enText(), "tr": trText(), "fr": frText(), "es": esText(), "ku": kuText()}
}

func arText() *langText {
	return &langText{lang: "ar", digits: true, imgSuffix: "-scaled",
		cities: []string{"دمشق", "حلب", "حمص", "حماة", "اللاذقية", "طرطوس", "إدلب", "درعا", "دير الزور", "الرقة", "الحسكة", "السويداء"},
		months: [12]string{"كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"},
		topics: []topicText{
			{"وزارة الطاقة", "محطة تحويل كهربائية جديدة", "الكهرباء", "economy"},
			{"المؤسسة العامة لمياه الشرب", "محطة لضخ مياه الشرب", "المياه", "local/services"},
			{"وزارة الأشغال العامة والإسكان", "مشروع تأهيل طريق رئيسي", "الطرق", "local/services"},
			{"وزارة التربية", "مشروع إعادة تأهيل عدد من المدارس", "المدارس", "education"},
			{"وزارة الصحة", "مركز جديد للرعاية الصحية الأولية", "الصحة", "health"},
			{"وزارة الزراعة", "مشروع قناة ري", "الزراعة", "economy/agricultural"},
			{"وزارة الأشغال العامة والإسكان", "مشروع سكني للأسر العائدة", "السكن", "economy/syrian-economy"},
			{"وزارة الثقافة", "مشروع ترميم مركز ثقافي", "المراكز الثقافية", "culture"},
		},
		titles: []string{
			"افتتاح {proj} في {city} بكلفة {n} مليون ليرة سورية",
			"{min} تطلق {proj} في {city}",
			"{city}: {proj} لخدمة {m} ألف نسمة",
			"{k} عاملاً ينجزون {proj} في ريف {city}",
		},
		sentences: []string{
			"أنجزت {min} {proj} في {city}، بكلفة إجمالية بلغت {n} مليون ليرة سورية.",
			"وأوضح مدير المشروع أن الأعمال تخدم نحو {m} ألف نسمة من سكان المدينة والقرى المحيطة بها.",
			"وبدأ العمل في شهر {month} ونفذته شركات محلية بمشاركة {k} عاملاً.",
			"وأشار المسؤولون إلى أن المرحلة الثانية ستشمل {k2} موقعاً إضافياً قبل نهاية العام.",
			"ورحب الأهالي بهذه الخطوة، مؤكدين أنها ستخفف من أعباء الحياة اليومية وتقلل التكاليف على الأسر.",
			"وتفقد محافظ {city} موقع العمل، مشدداً على ضرورة الالتزام بالمواعيد المحددة ومعايير الجودة.",
			"وأجرت الفرق الفنية اختبارات استمرت {k2} يوماً قبل وضع المنشأة في الخدمة.",
			"وجاء التمويل من الموازنة العامة للدولة بمساهمة من شركاء محليين، وفق بيان رسمي.",
			"وستبقى فرق الصيانة في الموقع للاستجابة السريعة لأي عطل.",
			"ويأتي المشروع ضمن خطة أوسع لإعادة الخدمات إلى محافظة {city}.",
			"ومن المتوقع أن تستفيد أكثر من {k} أسرة بشكل مباشر خلال الأشهر الأولى.",
			"وقال أعضاء في المجلس المحلي إن لجان المتابعة ستصدر تقريراً شهرياً عن سير العمل.",
		},
		initials: []string{"ع.ح", "م.س", "ر.خ", "ه.ع", "ف.ع"},
	}
}

func enText() *langText {
	return &langText{lang: "en", imgSuffix: "-1024x683",
		cities: []string{"Damascus", "Aleppo", "Homs", "Hama", "Latakia", "Tartus", "Idlib", "Daraa", "Deir ez-Zor", "Raqqa", "Hasakah", "Sweida"},
		months: [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		topics: []topicText{
			{"the Ministry of Energy", "a new electricity substation", "Electricity", "economy"},
			{"the General Establishment for Drinking Water", "a drinking water pumping station", "Water", "syria"},
			{"the Ministry of Public Works", "the rehabilitation of a main road", "Roads", "syria"},
			{"the Ministry of Education", "the rehabilitation of several schools", "Schools", "education"},
			{"the Ministry of Health", "a new primary health care center", "Hospitals", "health"},
			{"the Ministry of Agriculture", "an irrigation canal project", "Agriculture", "economy"},
			{"the Ministry of Public Works and Housing", "a housing project for returning families", "Housing", "economy"},
			{"the Ministry of Culture", "the restoration of a cultural center", "Cultural centers", "culture"},
		},
		titles: []string{
			"{city}: {n} million pounds for {proj}",
			"{Min} launches {proj} in {city}",
			"{city} project to serve {m},000 residents",
			"{k} workers complete {proj} in {city} countryside",
		},
		sentences: []string{
			"{Min} has completed {proj} in {city}, at a total cost of {n} million Syrian pounds.",
			"The project serves about {m},000 residents of the city and the surrounding villages, the director in charge of the works said.",
			"Work began in {month} and was carried out by local contractors employing {k} workers.",
			"Officials said a second phase would cover {k2} more sites before the end of the year.",
			"Residents welcomed the step, saying it would ease daily life and cut household costs.",
			"The governor of {city} inspected the site and stressed the need to respect deadlines and quality standards.",
			"Technical teams ran tests for {k2} days before the facility was put into service.",
			"Funding came from the state budget together with a contribution from local partners, according to a statement.",
			"Maintenance teams will remain on site to respond quickly to any fault.",
			"The project is part of a wider plan to restore services across {city} province.",
			"More than {k} families are expected to benefit directly in the first months.",
			"Members of the local council said monitoring committees would publish a progress report every month.",
		},
		initials: []string{"R.B", "M.Ch.", "H.Sh", "L.A / R.B", "R.Kh"},
	}
}

func trText() *langText {
	return &langText{lang: "tr", imgSuffix: "-1",
		cities:  []string{"Şam", "Halep", "Humus", "Hama", "Lazkiye", "Tartus", "Idlib", "Dera", "Deyrizor", "Rakka", "Haseke", "Süveyda"},
		cityLoc: []string{"Şam'da", "Halep'te", "Humus'ta", "Hama'da", "Lazkiye'de", "Tartus'ta", "Idlib'de", "Dera'da", "Deyrizor'da", "Rakka'da", "Haseke'de", "Süveyda'da"},
		months:  [12]string{"Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım", "Aralık"},
		topics: []topicText{
			{"Enerji Bakanlığı", "yeni bir elektrik trafo merkezi", "Elektrik", "ekonomi"},
			{"İçme Suyu Genel Kurumu", "bir içme suyu pompa istasyonu", "Su", "suriye"},
			{"Bayındırlık Bakanlığı", "bir ana yolun rehabilitasyonu", "Yollar", "suriye"},
			{"Eğitim Bakanlığı", "birkaç okulun rehabilitasyonu", "Okullar", "suriye"},
			{"Sağlık Bakanlığı", "yeni bir birinci basamak sağlık merkezi", "Hastaneler", "saglik"},
			{"Tarım Bakanlığı", "bir sulama kanalı projesi", "Tarım", "ekonomi"},
			{"Bayındırlık ve Konut Bakanlığı", "dönen aileler için bir konut projesi", "Konut", "ekonomi"},
			{"Kültür Bakanlığı", "bir kültür merkezinin restorasyonu", "Kültür merkezleri", "kultur"},
		},
		titles: []string{
			"{cityLoc} {n} milyon liralık proje: {proj}",
			"{min} {cityLoc} yeni projeye başladı",
			"{city}: {m} bin kişiye hizmet verecek proje",
			"{cityLoc} {k} işçi çalışmaları tamamladı",
		},
		sentences: []string{
			"{min} tarafından {cityLoc} yürütülen çalışmalar kapsamında {proj} toplam {n} milyon Suriye lirası maliyetle tamamlandı.",
			"Proje, kent ve çevre köylerde yaşayan yaklaşık {m} bin kişiye hizmet veriyor.",
			"{month} ayında başlayan çalışmalar, {k} işçinin görev aldığı yerel yükleniciler tarafından yürütüldü.",
			"Yetkililer, ikinci aşamada yıl sonundan önce {k2} noktada daha çalışma yapılacağını belirtti.",
			"Bölge sakinleri, adımın günlük hayatı kolaylaştıracağını ve hane masraflarını azaltacağını söyledi.",
			"{city} Valisi çalışma alanını ziyaret ederek süre ve kalite standartlarına uyulması gerektiğini vurguladı.",
			"Teknik ekipler, tesis hizmete alınmadan önce {k2} gün boyunca testler yaptı.",
			"Açıklamaya göre finansman, devlet bütçesi ve yerel ortakların katkısıyla sağlandı.",
			"Bakım ekipleri, olası arızalara hızla müdahale etmek için bölgede kalacak.",
			"Proje, {city} ilinde hizmetlerin yeniden sağlanmasına yönelik daha geniş bir planın parçası.",
			"İlk aylarda doğrudan yararlanacak aile sayısının {k} olması bekleniyor.",
			"Yerel meclis üyeleri, izleme komitelerinin her ay bir ilerleme raporu yayımlayacağını söyledi.",
		},
		initials: []string{"M.K", "A.Y", "S.D"},
	}
}

func frText() *langText {
	return &langText{lang: "fr", imgSuffix: "-1024x683",
		cities: []string{"Damas", "Alep", "Homs", "Hama", "Lattaquié", "Tartous", "Idleb", "Deraa", "Deir ez-Zor", "Raqqa", "Hassaké", "Soueïda"},
		months: [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
		topics: []topicText{
			{"le ministère de l'Énergie", "un nouveau poste de transformation électrique", "Électricité", "economie"},
			{"l'Établissement des eaux", "une station de pompage d'eau potable", "Eau", "syrie"},
			{"le ministère des Travaux publics", "la réhabilitation d'une route principale", "Routes", "syrie"},
			{"le ministère de l'Éducation", "la réhabilitation de plusieurs écoles", "Écoles", "syrie"},
			{"le ministère de la Santé", "un nouveau centre de soins de santé primaires", "Hôpitaux", "sante"},
			{"le ministère de l'Agriculture", "un projet de canal d'irrigation", "Agriculture", "economie"},
			{"le ministère des Travaux publics et du Logement", "un projet de logements pour les familles de retour", "Logement", "economie"},
			{"le ministère de la Culture", "la restauration d'un centre culturel", "Centres culturels", "culture"},
		},
		titles: []string{
			"{city} : {n} millions de livres pour {proj}",
			"{Min} lance {proj} à {city}",
			"{city} : un projet au service de {m} 000 habitants",
			"{city} : {k} ouvriers achèvent les travaux",
		},
		sentences: []string{
			"{Min} a achevé {proj} à {city}, pour un coût total de {n} millions de livres syriennes.",
			"Le projet dessert environ {m} 000 habitants de la ville et des villages voisins, selon le directeur des travaux.",
			"Les travaux ont commencé en {month} et ont été réalisés par des entreprises locales employant {k} ouvriers.",
			"Une deuxième phase couvrira {k2} autres sites avant la fin de l'année, ont indiqué les responsables.",
			"Les habitants ont salué cette initiative, qui devrait faciliter la vie quotidienne et réduire les dépenses des ménages.",
			"Le gouverneur s'est rendu sur le chantier et a insisté sur le respect des délais et des normes de qualité.",
			"Les équipes techniques ont procédé à des essais pendant {k2} jours avant la mise en service.",
			"Le financement provient du budget de l'État et d'une contribution de partenaires locaux, selon un communiqué.",
			"Des équipes de maintenance resteront sur place pour intervenir rapidement en cas de panne.",
			"Ce projet s'inscrit dans un plan plus large visant à rétablir les services dans la province.",
			"Plus de {k} familles devraient en bénéficier directement dès les premiers mois.",
			"Des membres du conseil local ont indiqué que des comités de suivi publieront un rapport d'étape chaque mois.",
		},
		initials: []string{"M.Ch.", "T.J", "R.B"},
	}
}

func esText() *langText {
	return &langText{lang: "es", imgSuffix: "-scaled",
		cities: []string{"Damasco", "Alepo", "Homs", "Hama", "Latakia", "Tartus", "Idlib", "Daraa", "Deir ez-Zor", "Raqqa", "Hasaka", "Sueida"},
		months: [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
		topics: []topicText{
			{"el Ministerio de Energía", "una nueva subestación eléctrica", "Electricidad", "economia"},
			{"la empresa pública de agua potable", "una estación de bombeo de agua potable", "Agua", "siria"},
			{"el Ministerio de Obras Públicas", "la rehabilitación de una carretera principal", "Carreteras", "siria"},
			{"el Ministerio de Educación", "la rehabilitación de varias escuelas", "Escuelas", "siria"},
			{"el Ministerio de Salud", "un nuevo centro de atención primaria", "Hospitales", "salud"},
			{"el Ministerio de Agricultura", "un proyecto de canal de riego", "Agricultura", "economia"},
			{"el Ministerio de Obras Públicas y Vivienda", "un proyecto de viviendas para familias retornadas", "Vivienda", "economia"},
			{"el Ministerio de Cultura", "la restauración de un centro cultural", "Centros culturales", "cultura"},
		},
		titles: []string{
			"{city}: {n} millones de libras para {proj}",
			"{Min} inicia {proj} en {city}",
			"{city}: un proyecto al servicio de {m}.000 habitantes",
			"{city}: {k} trabajadores concluyen las obras",
		},
		sentences: []string{
			"{Min} concluyó {proj} en {city}, con un coste total de {n} millones de libras sirias.",
			"El proyecto da servicio a unos {m}.000 habitantes de la ciudad y de las aldeas cercanas, según el director de las obras.",
			"Los trabajos comenzaron en {month} y fueron ejecutados por empresas locales con {k} trabajadores.",
			"Una segunda fase abarcará otros {k2} emplazamientos antes de fin de año, indicaron los responsables.",
			"Los vecinos acogieron con satisfacción la medida, que según dijeron facilitará la vida diaria y reducirá los gastos de los hogares.",
			"El gobernador visitó las obras y subrayó la necesidad de respetar los plazos y las normas de calidad.",
			"Los equipos técnicos realizaron pruebas durante {k2} días antes de la puesta en servicio.",
			"La financiación procede del presupuesto del Estado y de la aportación de socios locales, según un comunicado.",
			"Los equipos de mantenimiento permanecerán en el lugar para responder con rapidez a cualquier avería.",
			"El proyecto forma parte de un plan más amplio para restablecer los servicios en la provincia.",
			"Se espera que más de {k} familias se beneficien directamente en los primeros meses.",
			"Miembros del consejo local afirmaron que los comités de seguimiento publicarán un informe mensual.",
		},
		initials: []string{"L.A", "E.M"},
	}
}

func kuText() *langText {
	return &langText{lang: "ku", imgSuffix: "-1024x683",
		cities: []string{"Şam", "Heleb", "Humus", "Hema", "Lazkiye", "Tartûs", "Îdlib", "Dera", "Dêrezor", "Reqqa", "Hesekê", "Siwêda"},
		months: [12]string{"Çile", "Sibat", "Adar", "Nîsan", "Gulan", "Hezîran", "Tîrmeh", "Tebax", "Îlon", "Cotmeh", "Mijdar", "Kanûn"},
		topics: []topicText{
			{"Wezareta Enerjiyê", "stasyoneke nû ya veguherîna kareba", "Kareba", "abori"},
			{"Saziya Ava Vexwarinê", "stasyoneke pompekirina ava vexwarinê", "Av", "suriye"},
			{"Wezareta Karên Giştî", "nûkirina rêyeke sereke", "Rê", "suriye"},
			{"Wezareta Perwerdeyê", "nûkirina çend dibistanan", "Dibistan", "suriye"},
			{"Wezareta Tenduristiyê", "navendeke nû ya tenduristiyê", "Nexweşxane", "tenduristi"},
			{"Wezareta Çandiniyê", "projeyeke cogeya avdanê", "Çandinî", "abori"},
			{"Wezareta Karên Giştî û Avakirinê", "projeyeke xaniyan ji bo malbatên vegerî", "Xanî", "abori"},
			{"Wezareta Çandê", "nûkirina navendeke çandî", "Navendên çandî", "cand"},
		},
		titles: []string{
			"{city}: {n} mîlyon lîre ji bo {proj}",
			"{min} li {city} dest bi {proj} kir",
			"{city}: projeyek ji bo {m} hezar kesan",
			"{city}: {k} karkeran kar temam kirin",
		},
		sentences: []string{
			"{min} li {city} {proj} bi lêçûna giştî ya {n} mîlyon lîreyên Sûrî temam kir.",
			"Rêveberê karan got ku proje ji nêzîkî {m} hezar kesên bajar û gundên derdorê re xizmetê dike.",
			"Kar di meha {month} de dest pê kir û ji aliyê şirketên herêmî ve bi {k} karkeran hat kirin.",
			"Berpirsan got ku qonaxa duyemîn dê berî dawiya salê {k2} cihên din jî bigire.",
			"Niştecihan pêşwazî li vê gavê kir û got ku ew ê jiyana rojane hêsantir bike.",
			"Parêzgar serdana cihê karan kir û li ser girîngiya rêzgirtina demê û kalîteyê rawestiya.",
			"Tîmên teknîkî berî destpêkirina xebatê {k2} rojan ceribandin kirin.",
			"Li gorî daxuyaniyekê, fînansman ji budçeya dewletê û beşdariya hevkarên herêmî hat.",
			"Tîmên lênêrînê dê li cih bimînin da ku bi lez bersiva her arîzeyê bidin.",
			"Proje beşek ji planeke berfirehtir e ji bo vegerandina xizmetan li parêzgehê.",
			"Tê çaverêkirin ku zêdetirî {k} malbat di mehên pêşîn de rasterast sûdê jê werbigirin.",
			"Endamên meclîsa herêmî got ku komîteyên şopandinê dê her meh raporekê belav bikin.",
		},
		initials: []string{"Z.H", "R.M"},
	}
}
