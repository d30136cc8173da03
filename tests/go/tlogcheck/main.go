// tlogcheck: Go's own transparency-log code (golang.org/x/mod/sumdb/tlog)
// checks certreg's tree through its HTTP API (trust.md §7).
//
// It grows the log of a running server through the API (applications posted
// with a clerk token) to each of the given sizes, and at each size, and at
// the end for every earlier size again, it:
//   - fetches the entry bundles with a regulator token and computes the tree
//     itself (tlog.RecordHash, tlog.StoredHashes, tlog.TreeHash);
//   - reads every leaf hash through tlog.TileHashReader over the server's
//     hash tiles (tlog's tile/8/L/N paths mapped to /log/tile/L/N), which
//     checks each tile against the tree hash it computed;
//   - waits for the checkpoint of that size and opens it with Go's signed-note
//     code (note.Open, against the log's verifier key given with -vkey), its
//     root being the tree hash it computed;
//   - checks the server's inclusion proofs (c2sp.org/tlog-proof@v1, ending in
//     that checkpoint) with tlog.CheckRecord and its consistency proofs
//     between the signed sizes with tlog.CheckTree.
//
// Built offline in GOPATH mode (tests/go/tlog_check.sh). Exit 0: all checks
// held; anything else names the first failure.
package main

import (
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"crypto/sha256"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

var (
	baseURL   = flag.String("url", "", "the server's base URL (tlog_check.sh starts one on a free port)")
	regulator = flag.String("regulator", "", "a regulator token (entry bundles)")
	clerk     = flag.String("clerk", "", "a clerk token (to grow the log)")
	sizesFlag = flag.String("sizes", "0,1,255,256,257,3000", "the log sizes to grow to and check")
	vkeyFlag  = flag.String("vkey", "", "the log's verifier key (certreg log key, first line)")
	verifiers note.Verifiers
	origin    string
	first     []byte // the checkpoint of size 0, when the server started on an empty store
	client    = &http.Client{Timeout: 30 * time.Second}
	posted    = 0
)

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "tlogcheck: "+format+"\n", args...)
	os.Exit(1)
}

func get(path, token string) (int, []byte) {
	req, err := http.NewRequest("GET", *baseURL+path, nil)
	if err != nil {
		fail("%v", err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		fail("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		fail("GET %s: %v", path, err)
	}
	return resp.StatusCode, body
}

func mustGet(path, token string) []byte {
	status, body := get(path, token)
	if status != 200 {
		fail("GET %s: HTTP %d: %s", path, status, body)
	}
	return body
}

func logSize() int64 {
	var head struct {
		Size int64 `json:"size"`
	}
	if err := json.Unmarshal(mustGet("/api/v1/log/head", *regulator), &head); err != nil {
		fail("the log head: %v", err)
	}
	return head.Size
}

// hashes is a tlog.HashReader over hashes computed here.
type hashes []tlog.Hash

func (h hashes) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		if x >= int64(len(h)) {
			return nil, fmt.Errorf("no stored hash %d", x)
		}
		out[i] = h[x]
	}
	return out, nil
}

// tiles is a tlog.TileReader over the server's /log/tile/<L>/<N>[.p/<W>].
type tiles struct{ fetched int }

func (t *tiles) Height() int { return 8 }

func (t *tiles) ReadTiles(ts []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(ts))
	for i, tile := range ts {
		path := tile.Path() // tile/8/L/N[.p/W]
		ours := "/log/tile/" + strings.TrimPrefix(path, "tile/8/")
		status, body := get(ours, "")
		if status != 200 {
			return nil, fmt.Errorf("GET %s (for %s): HTTP %d", ours, path, status)
		}
		out[i] = body
		t.fetched++
	}
	return out, nil
}

func (t *tiles) SaveTiles([]tlog.Tile, [][]byte) {}

// leaves fetches the first `size` leaves through entry bundles sized for a tree of `size`.
func leaves(size int64) [][]byte {
	var out [][]byte
	for n := int64(0); n*256 < size; n++ {
		w := size - n*256
		tile := tlog.Tile{H: 8, L: 0, N: n, W: 256}
		if w < 256 {
			tile.W = int(w)
		}
		path := "/log/tile/entries/" + strings.TrimPrefix(tile.Path(), "tile/8/0/")
		body := mustGet(path, *regulator)
		for len(body) > 0 {
			if len(body) < 2 {
				fail("%s: a truncated length", path)
			}
			l := int(body[0])<<8 | int(body[1])
			if len(body) < 2+l {
				fail("%s: a truncated leaf", path)
			}
			out = append(out, body[2:2+l])
			body = body[2+l:]
		}
		if int64(len(out)) != n*256+int64(tile.W) {
			fail("%s: %d leaves, expected %d", path, len(out)-int(n*256), tile.W)
		}
	}
	return out
}

func parseHashes(body []byte, what string) []tlog.Hash {
	var out []tlog.Hash
	for _, line := range strings.Split(strings.TrimSuffix(string(body), "\n"), "\n") {
		if line == "" {
			continue
		}
		raw, err := base64.StdEncoding.DecodeString(line)
		if err != nil || len(raw) != tlog.HashSize {
			fail("%s: %q is not a base64 hash", what, line)
		}
		var h tlog.Hash
		copy(h[:], raw)
		out = append(out, h)
	}
	return out
}

// openCheckpoint opens a signed checkpoint with note.Open against the log's
// key and returns its size and root (C2SP tlog-checkpoint: origin, size, root).
func openCheckpoint(text []byte, what string) (int64, tlog.Hash) {
	n, err := note.Open(text, verifiers)
	if err != nil {
		fail("%s: note.Open: %v", what, err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) != 4 || lines[3] != "" || lines[0] != origin {
		fail("%s: %q is not a checkpoint of origin %s", what, n.Text, origin)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		fail("%s: size %q", what, lines[1])
	}
	raw, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(raw) != tlog.HashSize {
		fail("%s: root %q", what, lines[2])
	}
	var root tlog.Hash
	copy(root[:], raw)
	return size, root
}

// awaitCheckpoint waits until /log/checkpoint is of `size` (the server signs
// at most once per interval) and returns it.
func awaitCheckpoint(size int64) []byte {
	deadline := time.Now().Add(20 * time.Second)
	for {
		status, body := get("/log/checkpoint", "")
		if status == 200 {
			if got, _ := openCheckpoint(body, "/log/checkpoint"); got == size {
				return body
			} else if got > size {
				fail("/log/checkpoint: size %d, past %d", got, size)
			}
		}
		if time.Now().After(deadline) {
			fail("/log/checkpoint: no checkpoint of size %d within 20 s (last HTTP %d: %s)", size, status, body)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// awaitCheckpointAt returns the checkpoint signed at `size`: the one the
// server ends an inclusion proof at that size with (for size 0, which has no
// leaves, the first /log/checkpoint, signed at start on the empty store).
func awaitCheckpointAt(size int64) []byte {
	if size == 0 {
		if first == nil {
			fail("no checkpoint of the empty tree was seen")
		}
		return first
	}
	body := string(mustGet(fmt.Sprintf("/log/proof/inclusion/0?size=%d", size), ""))
	at := strings.Index(body, "\n\n")
	if at < 0 {
		fail("the inclusion proof at size %d holds no checkpoint", size)
	}
	return []byte(body[at+2:])
}

// check verifies the tree of `size` leaves (the log has `current`; `signed`
// are the sizes checked before, each of which has a checkpoint).
func check(size, current int64, signed []int64) {
	if size == 0 {
		if _, root := openCheckpoint(awaitCheckpointAt(0), "the checkpoint of size 0"); root != tlog.Hash(sha256.Sum256(nil)) {
			fail("size 0: the checkpoint's root is not SHA-256 of nothing")
		}
		if status, _ := get("/log/tile/0/000.p/1", ""); current == 0 && status != 404 {
			fail("size 0: a tile of an empty tree answered %d", status)
		}
		if body := mustGet("/log/proof/consistency/0/"+strconv.FormatInt(current, 10), ""); len(body) != 0 {
			fail("size 0: a consistency proof from 0 is not empty")
		}
		fmt.Printf("size 0: empty tree; the consistency proof to %d is empty\n", current)
		return
	}
	recs := leaves(size)
	var stored hashes
	for i, leaf := range recs {
		h, err := tlog.StoredHashes(int64(i), leaf, stored)
		if err != nil {
			fail("size %d: tlog.StoredHashes(%d): %v", size, i, err)
		}
		stored = append(stored, h...)
	}
	treeHash, err := tlog.TreeHash(size, stored)
	if err != nil {
		fail("size %d: tlog.TreeHash: %v", size, err)
	}
	tree := tlog.Tree{N: size, Hash: treeHash}
	checkpoint := awaitCheckpointAt(size)
	if _, root := openCheckpoint(checkpoint, fmt.Sprintf("the checkpoint of size %d", size)); root != treeHash {
		fail("size %d: the signed checkpoint's root is not tlog.TreeHash of the entries", size)
	}

	// Every leaf hash through the server's tiles, each tile checked against the tree.
	reader := &tiles{}
	thr := tlog.TileHashReader(tree, reader)
	indexes := make([]int64, size)
	for i := range indexes {
		indexes[i] = tlog.StoredHashIndex(0, int64(i))
	}
	got, err := thr.ReadHashes(indexes)
	if err != nil {
		fail("size %d: tlog.TileHashReader: %v", size, err)
	}
	for i := range got {
		if got[i] != tlog.RecordHash(recs[i]) {
			fail("size %d: leaf %d: the tile's hash is not tlog.RecordHash of the entry", size, i)
		}
	}

	// Inclusion proofs: the first, middle and last leaves, and a few more.
	for _, i := range []int64{0, size / 3, size / 2, size - 1, (size * 7) / 8} {
		path := fmt.Sprintf("/log/proof/inclusion/%d?size=%d", i, size)
		body := string(mustGet(path, ""))
		head := fmt.Sprintf("c2sp.org/tlog-proof@v1\nindex %d\n", i) // an application is no public event: no extra line
		if !strings.HasPrefix(body, head) {
			fail("%s: the body does not start with %q", path, head)
		}
		// The hash lines end at the first blank line (right after the index line when there are none).
		at := strings.Index(body, "\n\n")
		if at < len(head)-1 || body[at+2:] != string(checkpoint) {
			fail("%s: the proof does not end in the checkpoint of size %d", path, size)
		}
		proof := tlog.RecordProof(parseHashes([]byte(body[len(head):at+1]), path))
		if err := tlog.CheckRecord(proof, size, treeHash, i, tlog.RecordHash(recs[i])); err != nil {
			fail("%s: tlog.CheckRecord: %v", path, err)
		}
		if i+1 < size {
			if err := tlog.CheckRecord(proof, size, treeHash, i+1, tlog.RecordHash(recs[i+1])); err == nil {
				fail("%s: tlog.CheckRecord accepted the proof for another leaf", path)
			}
		}
	}

	// Consistency proofs to this size from the earlier signed ones, and from this size to the current one.
	for _, old := range append(signed, size) {
		if old < 1 || old > size {
			continue
		}
		oldHash, err := tlog.TreeHash(old, stored)
		if err != nil {
			fail("%v", err)
		}
		path := fmt.Sprintf("/log/proof/consistency/%d/%d", old, size)
		proof := tlog.TreeProof(parseHashes(mustGet(path, ""), path))
		if err := tlog.CheckTree(proof, size, treeHash, old, oldHash); err != nil {
			fail("%s: tlog.CheckTree: %v", path, err)
		}
	}
	if current > size {
		path := fmt.Sprintf("/log/proof/consistency/%d/%d", size, current)
		proof := tlog.TreeProof(parseHashes(mustGet(path, ""), path))
		all := leaves(current)
		var now hashes
		for i, leaf := range all {
			h, _ := tlog.StoredHashes(int64(i), leaf, now)
			now = append(now, h...)
		}
		currentHash, _ := tlog.TreeHash(current, now)
		if err := tlog.CheckTree(proof, current, currentHash, size, treeHash); err != nil {
			fail("%s: tlog.CheckTree: %v", path, err)
		}
	}
	fmt.Printf("size %d: tree %s; %d tiles, inclusion and consistency proofs verified by tlog\n",
		size, base64.StdEncoding.EncodeToString(treeHash[:]), reader.fetched)
}

func main() {
	flag.Parse()
	if *baseURL == "" || *regulator == "" || *clerk == "" || *vkeyFlag == "" {
		fail("usage: tlogcheck -url URL -regulator TOKEN -clerk TOKEN -vkey VKEY [-sizes 0,1,255,...]")
	}
	verifier, err := note.NewVerifier(*vkeyFlag)
	if err != nil {
		fail("-vkey: %v", err)
	}
	verifiers = note.VerifierList(verifier)
	origin = verifier.Name()
	var sizes []int64
	for _, s := range strings.Split(*sizesFlag, ",") {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			fail("bad size %q", s)
		}
		sizes = append(sizes, n)
	}
	if logSize() == 0 {
		first = awaitCheckpoint(0)
	}
	var reached []int64
	for _, target := range sizes {
		size := grow(target)
		if size != target {
			fmt.Printf("grew to %d (asked %d: an application appends more than one event)\n", size, target)
		}
		awaitCheckpoint(size)
		check(size, size, reached)
		reached = append(reached, size)
	}
	current := logSize()
	for _, size := range reached {
		check(size, current, reached) // earlier sizes again, now inside a larger tree
	}
	fmt.Printf("tlogcheck: all sizes verified (%d applications posted)\n", posted)
}
