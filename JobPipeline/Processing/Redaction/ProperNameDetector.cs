namespace JobPipeline.Processing.Redaction;

/// <summary>
/// People (<c>PERSON</c>) and places (<c>LOCATION</c>) in running text, without a model: runs of capitalised words
/// are weighed by evidence. For a person: a title before them (Mr, Dr, Frau, Mme…), a label or greeting (<c>Name:</c>,
/// <c>Dear</c>, <c>Hi</c>), a dialogue turn (<c>Nicole: …</c>), a verb after them (<c>said</c>), and the name lexicons
/// (US Census given names and surnames); a capitalised common English word or a word at the start of a sentence
/// needs more evidence than a name that is not a word. For a place: the GeoNames city list and a list of countries
/// and regions; a small city, or a name that is also a word, needs a preposition such as <c>in</c> or <c>from</c>.
/// </summary>
internal sealed class ProperNameDetector(bool persons, bool locations) : EntityDetector
{
    public const double TitledScore = 0.85;
    public const double FullNameScore = 0.85;
    public const double ContextScore = 0.75;
    public const double GivenNameScore = 0.6;
    public const double SurnameScore = 0.5;
    public const double RegionScore = 0.7;
    public const double CityScore = 0.65;

    private const int MaxTokens = 6;
    private const int MaxLocationTokens = 4;

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Titles = Lookup(
        "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Mx", "Mx.", "Dr", "Dr.", "Prof", "Prof.", "Professor", "Sir", "Dame", "Lady", "Lord",
        "Herr", "Frau", "Hr.", "Fr.", "Mme", "Mme.", "Mlle", "Mlle.", "Monsieur", "Madame", "Mademoiselle", "Sr.", "Sra.", "Srta.", "Señor", "Señora",
        "Sig.", "Sig.ra", "Signor", "Signora", "Dott.", "Dott.ssa", "Ing.", "Mevrouw", "Meneer", "Dhr.", "Mevr.", "Pan", "Pani", "Rev", "Rev.",
        "Reverend", "Father", "Sister", "Brother", "Capt", "Capt.", "Captain", "Judge", "Officer", "Detective", "Agent", "Nurse", "Coach",
        "Uncle", "Aunt", "Auntie", "Grandma", "Grandpa", "Senator", "President", "Governor", "Mayor", "Sgt", "Sgt.", "Lt", "Lt.", "Col", "Col.",
        "Gen", "Gen.", "Rabbi", "Imam", "Pastor", "Dean");

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Particles = Lookup(
        "van", "von", "de", "der", "den", "del", "della", "di", "da", "du", "dos", "das", "la", "le", "bin", "ibn", "al", "ten", "ter", "zu", "y", "e");

    // Capitalised words that are neither names nor places however they are written.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Never = Lookup(
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
        "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
        "Sep", "Sept", "Oct", "Nov", "Dec", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "I", "I'm", "I've", "I'll", "I'd", "The", "This",
        "That", "These", "Those", "Our", "Your", "My", "His", "Her", "Their", "We", "You", "He", "She", "They", "It", "A", "An", "Dear", "Hi",
        "Hello", "Hey", "Thanks", "Regards", "Best", "Kind", "Sincerely", "Cheers", "Yours", "Please", "Name", "Address", "Phone", "Email",
        "Hallo", "Liebe", "Lieber", "Sehr", "Geehrte", "Geehrter", "Bonjour", "Bonsoir", "Salut", "Cher", "Chère", "Estimado", "Estimada",
        "Querido", "Querida", "Hola", "Gentile", "Egregio", "Caro", "Cara", "Ciao", "Buongiorno", "Beste", "Geachte", "Hej", "Hei", "Olá",
        "Prezado", "Prezada", "Szanowny", "Szanowna", "Vážený", "Vážená", "Kedves", "From", "To", "Cc", "Bcc", "Attn", "Reminder", "Guest",
        "Guests", "List", "Cardholder", "Expiry", "Passenger", "Claimant", "Employee", "Record", "Meeting", "Interview", "Delivery", "Ticket",
        "Date", "Subject", "Re", "Fw", "Fwd", "Note", "Notes", "Order", "Invoice", "Account", "Customer", "Client", "Patient", "Total", "Street",
        "Avenue", "Road", "Lane", "Drive", "Suite", "Apt", "Unit", "Floor", "Inc", "Ltd", "LLC", "GmbH", "Corp", "Company", "University", "Bank",
        "Hotel", "Hospital", "School", "Airport", "Station", "North", "South", "East", "West", "Christmas", "Easter", "God", "Ok", "OK",
        "Yes", "No", "Mr", "Mrs", "Ms", "Dr", "Herr", "Frau", "Mme", "Miss", "Sir", "Madam", "Team", "Support", "Admin", "User", "Guest",
        "Manager", "Director", "Officer", "Agent", "Nurse", "Doctor", "Professor", "Captain", "Judge", "Coach", "Group", "Holdings", "Partners",
        "Associates", "Consulting", "Technologies", "Solutions", "Logistics", "Systems", "Labs", "Industries", "Services", "Media", "Capital",
        "Ventures", "Foundation", "Institute", "College", "Insurance", "Airlines", "Motors", "Software", "Studios", "Agency", "Trust", "Corporation",
        "Incorporated", "Limited", "AG", "SA", "SE", "plc", "PLC", "Co", "Enterprises", "Pharma", "Networks", "Energy", "Foods", "Realty");

    // Words before a run that make a name of it (greetings, labels, verbs of naming).
    private static readonly string[] StrongPersonCuesBefore =
    [
        "dear", "hi", "hello", "hey", "thanks", "thank you", "regards", "sincerely", "cheers", "yours", "name is", "named", "called",
        "i am", "i'm", "this is", "signed", "signed by", "attn", "attention", "c/o", "care of", "hallo", "liebe", "lieber", "geehrte",
        "geehrter", "bonjour", "bonsoir", "salut", "cher", "chère", "estimado", "estimada", "querido", "querida", "hola", "gentile", "egregio",
        "caro", "cara", "ciao", "buongiorno", "beste", "geachte", "hej", "hei", "olá", "prezado", "prezada", "szanowny", "szanowna",
        "vážený", "vážená", "kedves", "best wishes", "kind regards", "best regards", "warm regards", "many thanks", "mit freundlichen grüßen",
        "viele grüße", "cordialement", "saludos", "cordiali saluti", "met vriendelijke groet", "ask", "ask for", "tell", "met", "meet", "call", "email", "e-mail", "text", "ping", "remind", "invite",
        "introduce", "thank", "patient", "claimant", "cardholder", "next of kin", "employee", "applicant", "spouse", "wife", "husband",
        "attn.", "it's", "it’s", "it is", "welcome", "welcomed", "welcoming", "c'est", "ich bin", "soy", "sono", "ik ben",
    ];

    private static readonly string[] PersonCuesBefore =
    [
        "dear", "hi", "hello", "hey", "thanks", "thank you", "regards", "sincerely", "cheers", "yours", "name is", "named", "called",
        "i am", "i'm", "this is", "signed", "signed by", "attn", "attention", "c/o", "care of", "cc", "from", "to", "by", "with", "and",
        "contact", "ask", "ask for", "tell", "met", "meet", "call", "email", "text", "ping", "cc:", "patient", "client", "customer", "employee",
        "colleague", "friend", "wife", "husband", "son", "daughter", "mother", "father", "brother", "sister", "mom", "dad", "partner",
        "manager", "boss", "landlord", "tenant", "neighbour", "neighbor", "doctor", "nurse", "lawyer", "agent", "applicant", "user",
    ];

    private static readonly string[] StrongPersonCuesAfter =
    [
        " said", " says", " wrote", " writes", " asked", " asks", " told", " replied", " answered", " emailed", " texted", " signed",
        " was born", " is born", ", who", " (age", ", age", " (born", ", born", " and I", " lives", " lived", " joined", " stated",
    ];

    private static readonly string[] PersonCuesAfter =
    [
        " said", " says", " wrote", " writes", " asked", " asks", " told", " replied", " answered", " called", " emailed", " texted",
        " signed", " confirmed", " agreed", " noted", " explained", " added", " was born", " is born", ", who", " who ", " (age", ", age",
        " (born", ", born", "'s ", "’s ", " and I", " will ", " has ", " had ", " is ", " was ", " lives", " lived", " joined", " stated",
    ];

    private static readonly string[] LocationCuesBefore =
    [
        " in", " from", " to", " at", " near", " of", " via", " around", " outside", " inside", " visit", " visited", " visiting",
        " based in", " moved to", " lives in", " born in", " city of", " town of", " flight to", " trip to",
    ];

    // Every ASCII character but A-Z: the scan skips these at vector speed and looks at capitals and non-ASCII letters only.
    private static readonly System.Buffers.SearchValues<char> NotCapitals = System.Buffers.SearchValues.Create(
        [.. Enumerable.Range(0, 128).Select(c => (char)c).Where(c => c is not (>= 'A' and <= 'Z'))]);

    private readonly List<(int Start, int End)> _tokens = new(MaxTokens);

    public override void Detect(ReadOnlySpan<char> text, int startAt, List<EntityFinding> findings)
    {
        Lexicon lexicon = Lexicon.Instance;

        // Start at the run the first new character belongs to, so a run cut by a chunk boundary is weighed whole.
        int i = startAt;
        while (i > 0 && i > startAt - 64 && (char.IsLetter(text[i - 1]) || text[i - 1] is '\'' or '’' or '-' or '.' || (text[i - 1] == ' ' && i >= 2 && char.IsLetter(text[i - 2]))))
        {
            i--;
        }

        while (i < text.Length)
        {
            int offset = text[i..].IndexOfAnyExcept(NotCapitals);
            if (offset < 0)
            {
                return;
            }

            i += offset;
            if (!char.IsUpper(text[i]) || !IsWordStart(text, i))
            {
                i++;
                continue;
            }

            int runEnd = ReadRun(text, i);
            if (_tokens.Count > 0)
            {
                Weigh(text, startAt, lexicon, findings);
            }

            i = Math.Max(runEnd, i + 1);
        }
    }

    /// <summary>Reads capitalised words separated by single spaces (with name particles and initials between) into <see cref="_tokens"/>.</summary>
    private int ReadRun(ReadOnlySpan<char> text, int start)
    {
        _tokens.Clear();
        int i = start;
        int end = start;
        while (_tokens.Count < MaxTokens && i < text.Length)
        {
            int wordEnd = ReadWord(text, i);
            if (wordEnd <= i)
            {
                break;
            }

            ReadOnlySpan<char> word = text[i..wordEnd];
            if (char.IsUpper(word[0]))
            {
                _tokens.Add((i, wordEnd));
                end = wordEnd;
            }
            else if (!Particles.Contains(word) || _tokens.Count == 0)
            {
                break;
            }

            // The next word must follow after exactly one space.
            if (wordEnd + 1 >= text.Length || text[wordEnd] is not (' ' or '\u00a0') || !char.IsLetter(text[wordEnd + 1]))
            {
                break;
            }

            i = wordEnd + 1;
        }

        return end;
    }

    /// <summary>The end of a word at <paramref name="start"/>: letters with inner apostrophes and hyphens; an initial keeps its dot.</summary>
    private static int ReadWord(ReadOnlySpan<char> text, int start)
    {
        int j = start;
        while (j < text.Length)
        {
            char c = text[j];
            if (char.IsLetter(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                j++;
            }
            else if (c is '\'' or '’' or '-' && j > start && j + 1 < text.Length && char.IsLetter(text[j + 1]))
            {
                j++;
            }
            else
            {
                break;
            }
        }

        if (j < text.Length && (char.IsDigit(text[j]) || text[j] is '_' or '@'))
        {
            return start; // an identifier, not a word
        }

        if (j == start + 1 && j < text.Length && text[j] == '.' && char.IsUpper(text[start]))
        {
            return j + 1; // an initial: "J."
        }

        // Titles written with a dot ("Dr.", "Mrs.", "Sig.ra"), so the run goes on past them.
        if (j < text.Length && text[j] == '.' && Titles.Contains(text[start..(j + 1)]))
        {
            return j + 1;
        }

        return j;
    }

    private static bool IsWordStart(ReadOnlySpan<char> text, int i)
    {
        if (i == 0)
        {
            return true;
        }

        char c = text[i - 1];
        return !(char.IsLetterOrDigit(c) || c is '_' or '@' or '/' or '\\' or '.' or '-' or '\'' or '’' or '#' or '=' or '&' or '%' or '+');
    }

    private void Weigh(ReadOnlySpan<char> text, int startAt, Lexicon lexicon, List<EntityFinding> findings)
    {
        int first = 0;
        int last = _tokens.Count - 1;

        // Greetings and other words that open a sentence are dropped ("Bonjour Mme Dubois", "Yesterday John Smith"); a
        // title makes the words after it a name ("Dr. Anna Schmidt" is the person Anna Schmidt).
        bool titled = false;
        bool dropped = false;
        int placesFrom = 0;
        while (first <= last)
        {
            ReadOnlySpan<char> word = Word(text, first);
            if (Titles.Contains(word))
            {
                titled = true;
                placesFrom = first + 1;
            }
            else if (!titled && first < last && IsPlainWord(text, first, lexicon))
            {
                dropped = true;
            }
            else
            {
                break;
            }

            first++;
        }

        if (first > last)
        {
            return;
        }

        bool sentenceStart = !titled && !dropped && IsSentenceStart(text, _tokens[first].Start);

        if (persons)
        {
            if (titled)
            {
                // Up to three name words after a title; words that cannot be names end the name.
                int end = first;
                while (end <= last && end - first < 4 && !Never.Contains(Word(text, end)) && !(end == first && IsInitialOnly(text, end)))
                {
                    end++;
                }

                if (end > first)
                {
                    // "Mme van den Berg": the particles after the title belong to the name.
                    int nameStart = _tokens[first - 1].End + 1;
                    Add(findings, startAt, EntityTypes.Person, nameStart, _tokens[end - 1].End, TitledScore);
                    return;
                }
            }

            if (WeighPerson(text, startAt, lexicon, findings, first, last, sentenceStart))
            {
                return;
            }
        }

        if (locations)
        {
            // Places are looked for in the words dropped as no names too: "South Africa", "the United Kingdom".
            WeighLocations(text, startAt, lexicon, findings, Math.Min(placesFrom, first), last);
        }
    }

    private bool WeighPerson(ReadOnlySpan<char> text, int startAt, Lexicon lexicon, List<EntityFinding> findings, int first, int last, bool sentenceStart)
    {
        int start = _tokens[first].Start;
        int end = _tokens[last].End;
        ReadOnlySpan<char> whole = text[start..end];
        if (lexicon.IsRegion(whole) || lexicon.CityPopulation(whole) >= 100_000 && last > first)
        {
            return false;
        }

        for (int t = first; t <= last; t++)
        {
            if (Never.Contains(Word(text, t)))
            {
                return false;
            }
        }

        ReadOnlySpan<char> firstWord = Word(text, first);
        ReadOnlySpan<char> lastWord = Word(text, last);

        // Most capitalised words in prose open a sentence and are plain English words: no rule below can take them,
        // so they are let go before any context is looked at.
        bool anyCandidate = false;
        for (int t = first; t <= last && !anyCandidate; t++)
        {
            ReadOnlySpan<char> part = Word(text, t);
            anyCandidate = !lexicon.IsEnglishWord(part) || IsGiven(part, lexicon) || IsSurname(part, lexicon);
        }

        if (!anyCandidate)
        {
            return false;
        }

        // One capitalised English word that is no given name ("Review", "Baker") is a name only after a strong cue
        // ("Dear Baker", "Name: Stone") and only if it is a surname: the rules below come to that, so the other cues,
        // the costliest part of prose full of sentence-opening words, are not looked at.
        if (first == last && lexicon.IsEnglishWord(firstWord) && !IsGiven(firstWord, lexicon))
        {
            if (IsInitialOnly(text, first) || IsAllCaps(firstWord) || !IsSurname(firstWord, lexicon)
                || !(HasLineLabelBefore(text, start) || IsListedAfterPerson(text, start, findings) || HasCueBefore(text, start, StrongPersonCuesBefore)
                    || IsDialogueTurn(text, start, end) && HasSpeakerNextToIt(text, start, lexicon)))
            {
                return false;
            }

            Add(findings, startAt, EntityTypes.Person, start, end, ContextScore);
            return true;
        }

        bool lineLabel = HasLineLabelBefore(text, start);
        bool listed = IsListedAfterPerson(text, start, findings);
        bool strongCue = lineLabel || listed || HasCueBefore(text, start, StrongPersonCuesBefore);
        bool cueBefore = strongCue || HasCueBefore(text, start, PersonCuesBefore);
        bool strongCueAfter = HasCueAfter(text, end, StrongPersonCuesAfter);
        bool cueAfter = HasCueAfter(text, end, PersonCuesAfter);
        bool dialogue = IsDialogueTurn(text, start, end);

        if (last > first)
        {
            bool given = IsGiven(firstWord, lexicon);
            bool firstIsWord = lexicon.IsEnglishWord(firstWord);
            bool lastIsSurname = IsSurname(lastWord, lexicon);
            bool lastIsWord = lexicon.IsEnglishWord(lastWord);
            bool nameShaped = AllNameShaped(text, first, last, lexicon);
            bool anyKnown = false;
            bool anyPlace = false;
            for (int t = first; t <= last; t++)
            {
                ReadOnlySpan<char> part = Word(text, t);
                anyKnown |= IsGiven(part, lexicon) || IsSurname(part, lexicon);
                anyPlace |= IsCityOrRegion(part, lexicon) && !IsGiven(part, lexicon) && !IsSurname(part, lexicon);
            }

            bool isPerson =
                (given && (lastIsSurname || !lastIsWord) && !(firstIsWord && lastIsWord && sentenceStart && !cueBefore))
                || (given && !firstIsWord && !IsCityOrRegion(lastWord, lexicon))
                || (!firstIsWord && lastIsSurname && !anyPlace && AllNameShaped(text, first, last - 1, lexicon))
                || ((cueBefore || cueAfter || dialogue) && nameShaped)
                || (anyKnown && !anyPlace && AllNameShaped(text, first, last, lexicon, strict: true));
            if (isPerson)
            {
                Add(findings, startAt, EntityTypes.Person, start, end, FullNameScore);
                return true;
            }

            return false;
        }

        // One word: a given name or surname needs a cue, or must not be an English word. A word in capitals alone is a
        // label or an abbreviation ("DOB", "VAT") far more often than a name.
        if (IsInitialOnly(text, first) || IsAllCaps(firstWord))
        {
            return false;
        }

        ReadOnlySpan<char> word = firstWord;
        bool isGiven = IsGiven(word, lexicon);
        bool isSurname = IsSurname(word, lexicon);
        bool isWord = lexicon.IsEnglishWord(word);
        // A given name that is also a city of under a million (Mary, Brandon, Charlotte) is read as the person unless a
        // preposition says place ("in Charlotte").
        int population = lexicon.CityPopulation(word);
        bool isPlace = lexicon.IsRegion(word)
            || (population >= (isGiven ? 1_000_000 : 100_000))
            || (population > 0 && HasCueBefore(text, start, LocationCuesBefore));
        bool known = isGiven || isSurname;

        // A dialogue turn alone ("Nicole: …") does not make an English word a name when it is only a surname: "Footer:",
        // "Note:" and "Header:" are labels far more often than speakers.
        // A surname alone as a turn ("Footer:", also in the surname list) needs a given name's turn next to it.
        bool speaker = dialogue && (isGiven || !isWord && (!isSurname || HasSpeakerNextToIt(text, start, lexicon)));
        if ((strongCue && (known || !isWord) || speaker) && (!isPlace || known || dialogue || lineLabel)
            || cueBefore && !sentenceStart && known && !isWord && !isPlace)
        {
            Add(findings, startAt, EntityTypes.Person, start, end, ContextScore);
            return true;
        }

        if ((cueAfter && isGiven || strongCueAfter || isGiven && IsVocative(text, start, end)) && !isWord && !isPlace)
        {
            Add(findings, startAt, EntityTypes.Person, start, end, ContextScore);
            return true;
        }

        // A line that opens with one word, a comma and a lower-case word addresses someone ("Chidi, the refund was
        // processed"), even when the name is in no list.
        if (!known && !isWord && !isPlace && IsVocative(text, start, end) && end + 2 < text.Length && text[end + 1] == ' ' && char.IsLower(text[end + 2]))
        {
            Add(findings, startAt, EntityTypes.Person, start, end, GivenNameScore);
            return true;
        }

        if (!sentenceStart && !isWord && !isPlace)
        {
            if (isGiven)
            {
                Add(findings, startAt, EntityTypes.Person, start, end, GivenNameScore);
                return true;
            }

            if (isSurname && cueBefore)
            {
                Add(findings, startAt, EntityTypes.Person, start, end, SurnameScore);
                return true;
            }
        }

        return false;
    }

    private void WeighLocations(ReadOnlySpan<char> text, int startAt, Lexicon lexicon, List<EntityFinding> findings, int first, int last)
    {
        int t = first;
        while (t <= last)
        {
            bool matched = false;
            for (int u = Math.Min(last, t + MaxLocationTokens - 1); u >= t; u--)
            {
                int start = _tokens[t].Start;
                int end = _tokens[u].End;
                ReadOnlySpan<char> name = text[start..end];
                bool single = u == t;
                bool ambiguous = single && (lexicon.IsEnglishWord(name) || lexicon.IsGivenName(name) || Never.Contains(name));
                bool isRegion = lexicon.IsRegion(name);
                int population = isRegion ? 0 : lexicon.CityPopulation(name);
                if (!isRegion && population == 0)
                {
                    continue;
                }

                bool cue = HasCueBefore(text, start, LocationCuesBefore) || IsFollowedByRegion(text, end, lexicon) || IsAfterPlaceComma(text, start, findings)
                    || HasPlaceLabelBefore(text, start);
                double score = 0;
                if (isRegion)
                {
                    score = !ambiguous || cue ? RegionScore : 0;
                }
                else
                {
                    score = cue && (!ambiguous || population >= 100_000 || !lexicon.IsEnglishWord(name)) ? CityScore
                        : !ambiguous && population >= 100_000 && !IsSentenceStart(text, start) ? CityScore
                        : population >= 1_000_000 && !lexicon.IsEnglishWord(name) && !IsSentenceStart(text, start) ? CityScore
                        : 0;
                }

                if (score > 0 && !Never.Contains(name))
                {
                    Add(findings, startAt, EntityTypes.Location, start, end, score);
                    t = u + 1;
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                t++;
            }
        }
    }

    /// <summary>A given name, or a hyphenated one with a given name in it (Jean-Luc, Anna-Lena).</summary>
    private static bool IsGiven(ReadOnlySpan<char> word, Lexicon lexicon) => lexicon.IsGivenName(word) || AnyPart(word, lexicon, static (l, p) => l.IsGivenName(p));

    /// <summary>A surname, or a double-barrelled one with a surname in it (Mensah-Laurent).</summary>
    private static bool IsSurname(ReadOnlySpan<char> word, Lexicon lexicon) => lexicon.IsSurname(word) || AnyPart(word, lexicon, static (l, p) => l.IsSurname(p));

    private delegate bool PartTest(Lexicon lexicon, ReadOnlySpan<char> part);

    private static bool AnyPart(ReadOnlySpan<char> word, Lexicon lexicon, PartTest test)
    {
        if (word.IndexOf('-') < 0)
        {
            return false;
        }

        foreach (Range range in word.Split('-'))
        {
            if (test(lexicon, word[range]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"Anna Schmidt, Lars Berg and Eva Nowak": a name right after a person and a comma or "and" is one too.</summary>
    private static bool IsListedAfterPerson(ReadOnlySpan<char> text, int start, List<EntityFinding> findings)
    {
        for (int i = findings.Count - 1; i >= 0 && i >= findings.Count - 3; i--)
        {
            EntityFinding previous = findings[i];
            if (previous.EntityType != EntityTypes.Person || previous.End >= start || start - previous.End > 6)
            {
                continue;
            }

            ReadOnlySpan<char> between = text[previous.End..start];
            if (between is ", " or " and " or " & " or ", and " or " und " or " et " or " y " or " e " or " en ")
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCityOrRegion(ReadOnlySpan<char> word, Lexicon lexicon) => lexicon.IsRegion(word) || lexicon.CityPopulation(word) >= 100_000;

    /// <summary>A capitalised word that is an English word and not a name: "Yesterday", "Please", "Contact".</summary>
    private bool IsPlainWord(ReadOnlySpan<char> text, int t, Lexicon lexicon)
    {
        ReadOnlySpan<char> word = Word(text, t);
        return Never.Contains(word) || (lexicon.IsEnglishWord(word) && !lexicon.IsGivenName(word) && !lexicon.IsSurname(word) && !lexicon.IsRegion(word) && lexicon.CityPopulation(word) == 0);
    }

    private bool AllNameShaped(ReadOnlySpan<char> text, int first, int last, Lexicon lexicon, bool strict = false)
    {
        for (int t = first; t <= last; t++)
        {
            ReadOnlySpan<char> word = Word(text, t);
            if (IsInitialOnly(text, t))
            {
                continue;
            }

            // Strict: an English word is only a name as a given name in front ("Grace Kowalski", not "Green Party").
            bool englishAllowed = strict ? t == first && lexicon.IsGivenName(word) : lexicon.IsGivenName(word) || lexicon.IsSurname(word);
            if (IsAllCaps(word) || (lexicon.IsEnglishWord(word) && !englishAllowed))
            {
                return false;
            }
        }

        return true;
    }

    private bool IsInitialOnly(ReadOnlySpan<char> text, int t) => _tokens[t].End - _tokens[t].Start <= 2 && text[_tokens[t].End - 1] is '.' || _tokens[t].End - _tokens[t].Start == 1;

    private static bool IsAllCaps(ReadOnlySpan<char> word) => word.Length > 1 && !HasLower(word);

    private static bool HasLower(ReadOnlySpan<char> word)
    {
        foreach (char c in word)
        {
            if (char.IsLower(c)) return true;
        }

        return false;
    }

    private ReadOnlySpan<char> Word(ReadOnlySpan<char> text, int t) => text[_tokens[t].Start.._tokens[t].End];

    private static void Add(List<EntityFinding> findings, int startAt, string type, int start, int end, double score)
    {
        if (start >= startAt)
        {
            findings.Add(new EntityFinding(type, start, end, score));
        }
    }

    /// <summary>Whether the word at <paramref name="start"/> begins a sentence, a line, a field or a quotation.</summary>
    private static bool IsSentenceStart(ReadOnlySpan<char> text, int start)
    {
        int i = start - 1;
        while (i >= 0 && text[i] is ' ' or '\t' or '"' or '“' or '\'' or '(' or '[' or '*' or '•' or '>' or '-' or '–')
        {
            i--;
        }

        return i < 0 || text[i] is '.' or '!' or '?' or '\n' or '\r' or ':' or ';' or '|' or '…';
    }

    /// <summary>"Nicole, the refund was processed": a word opening a line (or the text) and followed by a comma.</summary>
    private static bool IsVocative(ReadOnlySpan<char> text, int start, int end)
    {
        if (end >= text.Length || text[end] != ',')
        {
            return false;
        }

        int i = start - 1;
        while (i >= 0 && text[i] is ' ' or '\t')
        {
            i--;
        }

        return i < 0 || text[i] is '\n' or '\r';
    }

    /// <summary>"Nicole: Hi there" at the start of a line.</summary>
    private static bool IsDialogueTurn(ReadOnlySpan<char> text, int start, int end)
    {
        if (end >= text.Length || text[end] != ':' || (end + 1 < text.Length && text[end + 1] is not (' ' or '\t')))
        {
            return false;
        }

        int i = start - 1;
        while (i >= 0 && text[i] is ' ' or '\t' or '-' or '*' or '>')
        {
            i--;
        }

        return i < 0 || text[i] is '\n' or '\r' || (text[i] == ']' && i > 0); // "[10:02] Nicole: …"
    }

    /// <summary>
    /// "Nicole: on my way\nBaker: see you": a one-word turn whose word is also an English word ("Baker", "Footer") is a
    /// speaker only when the line before or after it opens with the turn of a given name.
    /// </summary>
    private static bool HasSpeakerNextToIt(ReadOnlySpan<char> text, int start, Lexicon lexicon)
    {
        int lineStart = text[..start].LastIndexOfAny('\n', '\r') + 1;
        if (lineStart > 0)
        {
            int previousEnd = lineStart - 1;
            while (previousEnd > 0 && text[previousEnd - 1] is '\n' or '\r')
            {
                previousEnd--;
            }

            int previousStart = text[..previousEnd].LastIndexOfAny('\n', '\r') + 1;
            if (IsGivenNameTurn(text[previousStart..previousEnd], lexicon))
            {
                return true;
            }
        }

        int lineEnd = text[start..].IndexOfAny('\n', '\r');
        if (lineEnd < 0)
        {
            return false;
        }

        int nextStart = start + lineEnd;
        while (nextStart < text.Length && text[nextStart] is '\n' or '\r')
        {
            nextStart++;
        }

        int nextEnd = text[nextStart..].IndexOfAny('\n', '\r');
        return IsGivenNameTurn(text[nextStart..(nextEnd < 0 ? text.Length : nextStart + nextEnd)], lexicon);
    }

    /// <summary>A line that opens with a given name and a colon, after an optional "[10:02]" and bullet.</summary>
    private static bool IsGivenNameTurn(ReadOnlySpan<char> line, Lexicon lexicon)
    {
        int i = 0;
        if (line.Length > 0 && line[0] == '[')
        {
            i = line.IndexOf(']') + 1;
            if (i == 0)
            {
                return false;
            }
        }

        while (i < line.Length && line[i] is ' ' or '\t' or '-' or '*' or '>')
        {
            i++;
        }

        int j = i;
        while (j < line.Length && char.IsLetter(line[j]))
        {
            j++;
        }

        if (j == i || j + 1 >= line.Length || line[j] != ':' || line[j + 1] is not (' ' or '\t') || !char.IsUpper(line[i]))
        {
            return false;
        }

        ReadOnlySpan<char> word = line[i..j];
        return !Never.Contains(word) && !IsAllCaps(word) && IsGiven(word, lexicon);
    }

    /// <summary>A label ending in a colon on the same line right before: "Name: ", "Billing address: ", "Patient: ".</summary>
    private static bool HasLineLabelBefore(ReadOnlySpan<char> text, int start)
    {
        ReadOnlySpan<char> label = LineLabelBefore(text, start);
        return label.Length > 0 && (label.Contains("name", StringComparison.OrdinalIgnoreCase) || IsPersonLabel(label)) && !NamesAThing(label);
    }

    /// <summary>A label that says place: "City: Oslo", "Country of residence: Norway", a CSV column "city".</summary>
    private static bool HasPlaceLabelBefore(ReadOnlySpan<char> text, int start)
    {
        ReadOnlySpan<char> label = LineLabelBefore(text, start);
        if (label.Length == 0)
        {
            return false;
        }

        foreach (Range range in label.SplitAny(' ', '\t', '-', '_'))
        {
            if (PlaceLabelWords.Contains(label[range]))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> PlaceLabelWords = new HashSet<string>(
        ["city", "town", "country", "location", "place", "destination", "origin", "birthplace", "residence", "region", "state", "province",
         "municipality", "village", "stadt", "ort", "land", "ville", "pays", "ciudad", "país", "città", "paese", "plaats", "stad"],
        StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The label ending in a colon on the same line right before <paramref name="start"/>, or an empty span.</summary>
    private static ReadOnlySpan<char> LineLabelBefore(ReadOnlySpan<char> text, int start)
    {
        int i = start - 1;
        while (i >= 0 && text[i] is ' ' or '\t')
        {
            i--;
        }

        if (i < 1 || text[i] != ':')
        {
            return [];
        }

        // The label itself: one to three words on its own line ("Full name:", "Account holder:"), no digits (times such as 10:30).
        int j = i - 1;
        int words = 1;
        while (j >= 0 && text[j] is not ('\n' or '\r' or '.' or ',' or ';' or ':'))
        {
            if (char.IsDigit(text[j]))
            {
                return [];
            }

            if (text[j] == ' ' && j > 0 && text[j - 1] != ' ')
            {
                words++;
            }

            if (words > 4 || i - j > 32)
            {
                return [];
            }

            j--;
        }

        return text[(j + 1)..i].Trim();
    }

    /// <summary>"Company name:", "Product name:", "File name:", "User name:": the name of something that is not a person.</summary>
    private static bool NamesAThing(ReadOnlySpan<char> label)
    {
        bool named = label.Contains("name", StringComparison.OrdinalIgnoreCase);
        foreach (Range range in label.SplitAny(' ', '\t', '-', '_'))
        {
            ReadOnlySpan<char> word = label[range];
            if (ThingWords.Contains(word) || named && NamedThingWords.Contains(word))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ThingWords = new HashSet<string>(
        ["company", "business", "organisation", "organization", "employer", "firm", "product", "item", "file", "filename", "host", "hostname",
         "domain", "server", "brand", "street", "city", "town", "country", "project", "store", "shop", "bank", "school", "hotel", "app",
         "package", "model", "device", "venue", "username", "nickname"],
        StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> NamedThingWords = new HashSet<string>(
        ["user", "screen", "account", "team", "group", "event", "place"], StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    private static bool IsPersonLabel(ReadOnlySpan<char> label)
    {
        foreach (string cue in PersonLabels)
        {
            if (label.EndsWith(cue, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] PersonLabels =
    [
        "from", "to", "cc", "bcc", "attn", "attention", "contact", "patient", "client", "customer", "employee", "cardholder", "card holder",
        "holder", "applicant", "beneficiary", "recipient", "sender", "author", "owner", "user", "guest", "passenger", "driver", "tenant",
        "landlord", "witness", "doctor", "physician", "manager", "agent", "representative", "signed", "signature", "by", "billing address",
        "shipping address", "address", "bill to", "ship to", "deliver to", "assignee", "reporter", "reviewer", "approver", "requester",
        "student", "teacher", "member", "insured", "policyholder", "account holder", "emergency contact", "next of kin", "spouse", "parent",
        "guardian", "referee", "candidate", "interviewer", "speaker", "host", "moderator", "participant", "person", "list", "record",
        "attendees", "participants", "guests", "present", "absent", "team", "staff", "contacts", "people", "members",
    ];

    private static bool HasCueBefore(ReadOnlySpan<char> text, int start, ReadOnlySpan<string> cues)
    {
        // The words right before, ignoring one comma or space: "Thanks, Nicole", "Dear Mr", "ask for Anna".
        int end = start;
        while (end > 0 && text[end - 1] is ' ' or ',' or '\t' or '\n' or '\r' or '!')
        {
            end--;
        }

        if (end == start)
        {
            return false;
        }

        int from = Math.Max(0, end - 16);
        ReadOnlySpan<char> before = text[from..end];

        // Most words before a capital are no cue's last word: one set lookup instead of trying every cue.
        ReadOnlySpan<char> lastWord = before[(before.LastIndexOf(' ') + 1)..];
        if (!CueLastWords.Contains(lastWord) && !CueLastWords.Contains(before[(before.LastIndexOfAnyExcept(LetterSearch) + 1)..]))
        {
            return false;
        }

        foreach (string cue in cues)
        {
            if (before.EndsWith(cue, StringComparison.OrdinalIgnoreCase)
                && (before.Length == cue.Length || !char.IsLetter(before[before.Length - cue.Length - 1]) || cue[0] == ' '))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly System.Buffers.SearchValues<char> LetterSearch = System.Buffers.SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZäöüßéèêàâçñíóúáåøæ");

    // The last word of every cue before a name ("thank you" → "you"), and each cue's last run of letters ("c/o" → "o").
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> CueLastWords = new HashSet<string>(
        StrongPersonCuesBefore.Concat(PersonCuesBefore).Concat(LocationCuesBefore).SelectMany(cue => new[]
        {
            cue.Trim()[(cue.Trim().LastIndexOf(' ') + 1)..],
            cue.Trim()[(cue.Trim().AsSpan().LastIndexOfAnyExcept(LetterSearch) + 1)..],
        }),
        StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();

    private static bool HasCueAfter(ReadOnlySpan<char> text, int end, ReadOnlySpan<string> cues)
    {
        ReadOnlySpan<char> after = text[end..Math.Min(text.Length, end + 12)];
        foreach (string cue in cues)
        {
            if (after.StartsWith(cue, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"Springfield, Illinois", "Lyon, France": a place name followed by a region.</summary>
    private static bool IsFollowedByRegion(ReadOnlySpan<char> text, int end, Lexicon lexicon)
    {
        if (end + 2 >= text.Length || text[end] != ',' || text[end + 1] != ' ')
        {
            return false;
        }

        int start = end + 2;
        int stop = start;
        while (stop < text.Length && stop - start < 30 && (char.IsLetter(text[stop]) || text[stop] == ' ' && stop + 1 < text.Length && char.IsUpper(text[stop + 1])))
        {
            stop++;
        }

        ReadOnlySpan<char> next = text[start..stop];
        return next.Length > 0 && (lexicon.IsRegion(next) || (next.Length == 2 && char.IsUpper(next[0]) && char.IsUpper(next[1])));
    }

    /// <summary>The second place of "Lyon, France": a place was found just before, then a comma.</summary>
    private static bool IsAfterPlaceComma(ReadOnlySpan<char> text, int start, List<EntityFinding> findings)
    {
        if (start < 2 || text[start - 1] != ' ' || text[start - 2] != ',' || findings.Count == 0)
        {
            return false;
        }

        EntityFinding previous = findings[^1];
        return previous.EntityType == EntityTypes.Location && previous.End == start - 2;
    }

    private static HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Lookup(params string[] words) =>
        new HashSet<string>(words, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
}
