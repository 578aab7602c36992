package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"hyoka/gguf"
	"hyoka/tokenizer"
)

func init() {
	register(&command{
		Name:  "tokenize",
		Usage: "tokenize -m MODEL.gguf [--add-special=true|false] [--parse-special=true|false] [--json] (TEXT | -f FILE)",
		Short: "print the token ids and pieces of a text, as llama.cpp would tokenize it",
		Long: `Tokenizes TEXT (or the exact bytes of FILE; "-f -" reads standard input)
with the tokenizer described by MODEL's tokenizer.ggml.* metadata. A
vocab-only GGUF is enough.

--add-special adds the BOS/EOS tokens the model's metadata asks for
(llama_tokenize's add_special, default true); --parse-special turns the text of
control tokens such as <|im_end|> into those tokens (parse_special, default
false). Without --json every token is printed on its own line as its id and
its vocabulary entry; with --json one object {"ids":[...],"pieces":[...]}.`,
		Run: runTokenize,
	})
}

func runTokenize(ctx context.Context, env *Env, args []string) error {
	c := commands["tokenize"]
	fs := newFlags(c, env)
	model := fs.String("m", "", "GGUF model (or vocab-only GGUF) whose tokenizer to use")
	addSpecial := fs.Bool("add-special", true, "add BOS/EOS as the model's metadata asks")
	parseSpecial := fs.Bool("parse-special", false, "turn the text of control tokens into those tokens")
	asJSON := fs.Bool("json", false, `print {"ids":[...],"pieces":[...]}`)
	file := fs.String("f", "", `read the text from FILE, byte for byte ("-" for standard input)`)
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *model == "" {
		return fmt.Errorf("%w: -m MODEL is required", errUsage)
	}
	var text string
	switch {
	case *file != "" && len(pos) > 0:
		return fmt.Errorf("%w: give either TEXT or -f FILE, not both", errUsage)
	case *file == "-":
		b, err := io.ReadAll(env.Stdin)
		if err != nil {
			return fmt.Errorf("reading standard input: %w", err)
		}
		text = string(b)
	case *file != "":
		b, err := os.ReadFile(*file)
		if err != nil {
			return err
		}
		text = string(b)
	case len(pos) == 1:
		text = pos[0]
	case len(pos) == 0:
		return fmt.Errorf("%w: give the TEXT to tokenize or -f FILE", errUsage)
	default:
		return fmt.Errorf("%w: %d texts given; quote the text to pass it as one argument", errUsage, len(pos))
	}
	f, err := gguf.Open(*model)
	if err != nil {
		return err
	}
	defer f.Close()
	tok, err := tokenizer.FromGGUFWarn(f, env.Stderr)
	if err != nil {
		return fmt.Errorf("%s: %w", *model, err)
	}
	ids := tok.Encode(text, *addSpecial, *parseSpecial)
	pieces := make([]string, len(ids))
	for i, id := range ids {
		pieces[i] = tok.Piece(id)
	}
	if *asJSON {
		if ids == nil {
			ids = []int32{}
		}
		out := struct {
			IDs    []int32  `json:"ids"`
			Pieces []string `json:"pieces"`
		}{ids, pieces}
		enc := json.NewEncoder(env.Stdout)
		enc.SetEscapeHTML(false)
		return enc.Encode(out)
	}
	for i, id := range ids {
		if _, err := fmt.Fprintf(env.Stdout, "%6d %q\n", id, pieces[i]); err != nil {
			return err
		}
	}
	return nil
}
