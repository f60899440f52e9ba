/* The PDF reader's per-glyph and per-segment loops (budgetlib/readers/pdfium_page.py), in C.
 *
 * Optional: the Python code in pdfium_page.py does the same work, and is used when this
 * module was not built (no C compiler). Each function here is a line-by-line translation of
 * a method named beside it, with the same arithmetic in the same order on doubles (built
 * with -ffp-contract=off, so no fused multiply-add), so the objects it makes equal the
 * Python code's bit for bit; tests/test_pdfium_fast.py compares the two on every corpus page.
 * Anything rare (a new font, a text object whose blanks PDFium may have dropped, an image)
 * is handed back to the Python reader's methods.
 *
 * PDFium is not linked: bind() receives the addresses of its functions from pypdfium2.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <string.h>

typedef void *H;
typedef struct { float a, b, c, d, e, f; } FSMatrix;

static int (*CountChars)(H);
static unsigned (*GetUnicode)(H, int);
static int (*IsGenerated)(H, int);
static int (*HasUnicodeMapError)(H, int);
static int (*IsHyphen)(H, int);
static int (*GetCharOrigin)(H, int, double *, double *);
static H (*GetTextObject)(H, int);
static int (*CountObjects)(H);
static H (*GetObject)(H, int);
static int (*GetType)(H);
static int (*FormCountObjects)(H);
static H (*FormGetObject)(H, unsigned long);
static int (*GetMatrix)(H, FSMatrix *);
static int (*GetFillColor)(H, unsigned *, unsigned *, unsigned *, unsigned *);
static int (*GetStrokeColor)(H, unsigned *, unsigned *, unsigned *, unsigned *);
static int (*GetStrokeWidth)(H, float *);
static H (*TextObjGetFont)(H);
static int (*TextObjGetFontSize)(H, float *);
static int (*GetDrawMode)(H, int *, int *);
static int (*CountSegments)(H);
static H (*GetPathSegment)(H, int);
static int (*SegmentGetPoint)(H, float *, float *);
static int (*SegmentGetType)(H);
static int (*SegmentGetClose)(H);
static int (*FontGetGlyphWidth)(H, unsigned, float, float *);
static int (*GetBounds)(H, float *, float *, float *, float *);
static int (*TextObjGetRenderMode)(H);

/* in the order pdf_fast.FUNCTIONS names them */
static void **const BOUND[] = {
    (void **)&CountChars, (void **)&GetUnicode, (void **)&IsGenerated,
    (void **)&HasUnicodeMapError, (void **)&IsHyphen, (void **)&GetCharOrigin,
    (void **)&GetTextObject, (void **)&CountObjects, (void **)&GetObject, (void **)&GetType,
    (void **)&FormCountObjects, (void **)&FormGetObject, (void **)&GetMatrix,
    (void **)&GetFillColor, (void **)&GetStrokeColor, (void **)&GetStrokeWidth,
    (void **)&TextObjGetFont, (void **)&TextObjGetFontSize, (void **)&GetDrawMode,
    (void **)&CountSegments, (void **)&GetPathSegment, (void **)&SegmentGetPoint,
    (void **)&SegmentGetType, (void **)&SegmentGetClose, (void **)&FontGetGlyphWidth,
    (void **)&GetBounds, (void **)&TextObjGetRenderMode,
};
#define N_BOUND ((Py_ssize_t)(sizeof(BOUND) / sizeof(BOUND[0])))
static int bound = 0;

/* a dict sized for its keys, as a dict display makes it (no resizing as they go in) */
#if PY_VERSION_HEX < 0x030E0000
#define NEW_DICT(n) _PyDict_NewPresized(n)
#else
#define NEW_DICT(n) PyDict_New()
#endif

enum { OBJ_TEXT = 1, OBJ_PATH = 2, OBJ_IMAGE = 3, OBJ_FORM = 5 };
enum { SEG_MOVETO = 2, SEG_BEZIERTO = 1, FILL_ALTERNATE = 1 };

/* the dict keys of a character or a path, interned once */
enum {
    K_MATRIX, K_FONTNAME, K_ADV, K_UPRIGHT, K_X0, K_Y0, K_X1, K_Y1, K_WIDTH, K_HEIGHT, K_SIZE,
    K_MCID, K_TAG, K_OBJECT_TYPE, K_PAGE_NUMBER, K_TEXT, K_STROKING, K_NON_STROKING, K_TOP,
    K_BOTTOM, K_DOCTOP, K_LINEWIDTH, K_STROKE, K_FILL, K_EVENODD, K_DASH, K_PTS, K_NAME,
    K_DESCENT, K_WIDTHS, K_WIDTH_METHOD, K_CHAR, K_RECT, K_LINE, K_CURVE, K_IMAGE, K_AFM_WIDTHS,
    K_HANDLE, N_KEYS
};
static const char *const KEY_NAMES[N_KEYS] = {
    "matrix", "fontname", "adv", "upright", "x0", "y0", "x1", "y1", "width", "height", "size",
    "mcid", "tag", "object_type", "page_number", "text", "stroking_color",
    "non_stroking_color", "top", "bottom", "doctop", "linewidth", "stroke", "fill", "evenodd",
    "dash", "pts", "name", "descent", "widths", "width", "char", "rect", "line", "curve",
    "image", "afm_widths", "handle",
};
static PyObject *KEY[N_KEYS];

/* -- small helpers ------------------------------------------------------------------- */

/* pdfium_page._decimal: the shortest of %.6g, %.7g, %.8g that reads back as the same
 * float32 (printf and strtod round correctly, as Python's formatting and float() do) */
static double shortest_decimal(double value) {
    const float packed = (float)value;
    static const char *const forms[] = {"%.6g", "%.7g", "%.8g"};
    char text[64];
    for (int i = 0; i < 3; i++) {
        snprintf(text, sizeof text, forms[i], value);
        const double candidate = strtod(text, NULL);
        const float back = (float)candidate;
        if (memcmp(&back, &packed, sizeof back) == 0) return candidate;
    }
    return value;
}

/* decimals[value]: the document's cache of pdfium_page._decimal (_Decimals), filled as its
 * __missing__ fills it; a value that is not finite as a float32 is left to that method */
static PyObject *decimal(PyObject *decimals, double value) {
    PyObject *key = PyFloat_FromDouble(value);
    if (!key) return NULL;
    PyObject *found = PyDict_GetItemWithError(decimals, key);
    if (found) {
        Py_INCREF(found);
    } else if (!PyErr_Occurred()) {
        if (!isfinite((float)value)) {
            found = PyObject_GetItem(decimals, key);
        } else {
            if (PyDict_GET_SIZE(decimals) > 500000) PyDict_Clear(decimals);
            found = PyFloat_FromDouble(shortest_decimal(value));
            if (found && PyDict_SetItem(decimals, key, found) < 0) Py_CLEAR(found);
        }
    }
    Py_DECREF(key);
    return found;
}

/* pdfium_page._multiply: m1 then m0 */
static void multiply(const double m1[6], const double m0[6], double out[6]) {
    double a1 = m1[0], b1 = m1[1], c1 = m1[2], d1 = m1[3], e1 = m1[4], f1 = m1[5];
    double a0 = m0[0], b0 = m0[1], c0 = m0[2], d0 = m0[3], e0 = m0[4], f0 = m0[5];
    out[0] = a0 * a1 + c0 * b1;
    out[1] = b0 * a1 + d0 * b1;
    out[2] = a0 * c1 + c0 * d1;
    out[3] = b0 * c1 + d0 * d1;
    out[4] = a0 * e1 + c0 * f1 + e0;
    out[5] = b0 * e1 + d0 * f1 + f0;
}

/* Python's min() and max() of floats: the first of equals is kept */
static double min4(const double v[], int n) {
    double m = v[0];
    for (int i = 1; i < n; i++) if (v[i] < m) m = v[i];
    return m;
}
static double max4(const double v[], int n) {
    double m = v[0];
    for (int i = 1; i < n; i++) if (v[i] > m) m = v[i];
    return m;
}

static int as_doubles(PyObject *seq, double *out, Py_ssize_t n, const char *what) {
    if (!PyTuple_Check(seq) || PyTuple_GET_SIZE(seq) < n) {
        PyErr_Format(PyExc_TypeError, "%s: a tuple of %zd numbers expected", what, n);
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        out[i] = PyFloat_AsDouble(PyTuple_GET_ITEM(seq, i));
        if (out[i] == -1.0 && PyErr_Occurred()) return -1;
    }
    return 0;
}

/* The tuple, untracked by the cyclic garbage collector when it holds only what cannot be in
 * a cycle (numbers, strings, such tuples): the collector would find so itself, but only after
 * passing over it, and a page makes some hundred thousand of them. */
static PyObject *untracked(PyObject *t) {
    if (!t || !PyObject_GC_IsTracked(t)) return t;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(t); i++) {
        PyObject *item = PyTuple_GET_ITEM(t, i);
        if (PyObject_IS_GC(item) && PyObject_GC_IsTracked(item)) return t;
    }
    PyObject_GC_UnTrack(t);
    return t;
}

static PyObject *tuple_of(const double *v, int n) {
    PyObject *t = PyTuple_New(n);
    if (!t) return NULL;
    for (int i = 0; i < n; i++) {
        PyObject *f = PyFloat_FromDouble(v[i]);
        if (!f) { Py_DECREF(t); return NULL; }
        PyTuple_SET_ITEM(t, i, f);
    }
    return untracked(t);
}

/* d[key] = value, the value's reference taken (NULL value: an error already set) */
static int put(PyObject *d, int key, PyObject *value) {
    if (!value) return -1;
    int r = PyDict_SetItem(d, KEY[key], value);
    Py_DECREF(value);
    return r;
}
static int put_float(PyObject *d, int key, double v) { return put(d, key, PyFloat_FromDouble(v)); }
static int put_borrowed(PyObject *d, int key, PyObject *v) { return PyDict_SetItem(d, KEY[key], v); }

/* -- characters ---------------------------------------------------------------------- */

/* What a character's box needs of the page: _PageReader.place */
typedef struct {
    double ctm[6], height, mb_top, shift, doctop;
    PyObject *number;  /* borrowed */
} Place;

static int read_place(PyObject *place, Place *p) {
    double v[10];
    if (as_doubles(place, v, 10, "place") < 0) return -1;
    memcpy(p->ctm, v, sizeof p->ctm);
    p->height = v[6]; p->mb_top = v[7]; p->shift = v[8]; p->doctop = v[9];
    p->number = PyTuple_GET_ITEM(place, 10);
    return 0;
}

/* _Font.width for a font with no AFM metrics: PDFium's glyph width, remembered in widths
 * (the method itself where it has them, or without the document's decimals) */
static PyObject *glyph_width(PyObject *font, PyObject *widths, PyObject *code, long long unicode,
                             PyObject *decimals) {
    PyObject *afm = decimals ? PyObject_GetAttr(font, KEY[K_AFM_WIDTHS]) : NULL;
    if (!afm) {
        if (decimals) return NULL;
        return PyObject_CallMethodOneArg(font, KEY[K_WIDTH_METHOD], code);
    }
    int own = afm == Py_None;
    Py_DECREF(afm);
    if (!own) return PyObject_CallMethodOneArg(font, KEY[K_WIDTH_METHOD], code);
    PyObject *handle_obj = PyObject_GetAttr(font, KEY[K_HANDLE]);
    if (!handle_obj) return NULL;
    H handle = PyLong_AsVoidPtr(handle_obj);
    Py_DECREF(handle_obj);
    if (PyErr_Occurred()) return NULL;
    float value;
    PyObject *width;
    if (unicode >= 0 && FontGetGlyphWidth(handle, (unsigned)unicode, 1000.0f, &value))
        width = decimal(decimals, (double)value);
    else
        width = Py_NewRef(Py_None);
    if (width && PyDict_SetItem(widths, code, width) < 0) Py_CLEAR(width);
    return width;
}

/* font.width(unicode), through font.widths (new reference; NULL: an error) */
static PyObject *width_of(PyObject *font, PyObject *widths, PyObject *code, long long unicode,
                          PyObject *decimals) {
    PyObject *w = PyDict_GetItemWithError(widths, code);
    if (w) return Py_NewRef(w);
    if (PyErr_Occurred()) return NULL;
    return glyph_width(font, widths, code, unicode, decimals);
}

/* _PageReader._emit: a text object's glyphs as pdfminer's characters, appended to out */
static int emit(PyObject *out, const Place *p, const double matrix[6], PyObject *font, double size,
                PyObject *stroking, PyObject *non_stroking, PyObject *glyphs, PyObject *decimals) {
    Py_ssize_t n = PyList_GET_SIZE(glyphs);
    if (n == 0) return 0;
    const double ca = p->ctm[0], cb = p->ctm[1], cc = p->ctm[2], cd = p->ctm[3], ce = p->ctm[4],
                 cf = p->ctm[5];
    double m[6];
    multiply(matrix, p->ctm, m);
    const double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5];
    const int plain = b == 0 && c == 0 && a > 0 && d > 0;
    PyObject *upright = PyBool_FromLong(a * d > 0 && b * c <= 0);
    /* the matrix's first four, shared by the object's characters (as the Python code's are) */
    PyObject *shared[4] = {PyFloat_FromDouble(a), PyFloat_FromDouble(b), PyFloat_FromDouble(c),
                           PyFloat_FromDouble(d)};
    PyObject *name = PyObject_GetAttr(font, KEY[K_NAME]);
    PyObject *descent_obj = PyObject_GetAttr(font, KEY[K_DESCENT]);
    PyObject *widths = PyObject_GetAttr(font, KEY[K_WIDTHS]);
    PyObject *char_type = KEY[K_CHAR];
    int status = -1;
    if (!name || !descent_obj || !widths || !shared[0] || !shared[1] || !shared[2] || !shared[3]) goto done;
    if (!PyDict_Check(widths)) { PyErr_SetString(PyExc_TypeError, "font.widths: a dict expected"); goto done; }
    double descent = PyFloat_AsDouble(descent_obj);
    if (descent == -1.0 && PyErr_Occurred()) goto done;
    const double y_low = descent * 0.001 * size;
    const double y_high = y_low + size;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *glyph = PyList_GET_ITEM(glyphs, i);
        if (!PyTuple_Check(glyph) || PyTuple_GET_SIZE(glyph) != 5) {
            PyErr_SetString(PyExc_TypeError, "a glyph: a tuple of five expected");
            goto done;
        }
        PyObject *code = PyTuple_GET_ITEM(glyph, 0);
        PyObject *px = PyTuple_GET_ITEM(glyph, 3), *py = PyTuple_GET_ITEM(glyph, 4);
        long long unicode = PyLong_AsLongLong(code);
        if (unicode == -1 && PyErr_Occurred()) goto done;
        PyObject *w = width_of(font, widths, code, unicode, decimals);
        if (!w) goto done;
        double width = 1000.0;
        if (w != Py_None) width = PyFloat_AsDouble(w);
        Py_DECREF(w);
        if (width == -1.0 && PyErr_Occurred()) goto done;
        const double adv = width * 0.001 * size;
        double ox, oy;
        if (px == Py_None || py == Py_None) {  /* a blank put back: from its place along the baseline */
            double u = PyFloat_AsDouble(PyTuple_GET_ITEM(glyph, 1));
            double v = PyFloat_AsDouble(PyTuple_GET_ITEM(glyph, 2));
            if (PyErr_Occurred()) goto done;
            ox = a * u + c * v + e;
            oy = b * u + d * v + f;
        } else {
            double x = PyFloat_AsDouble(px), y = PyFloat_AsDouble(py);
            if (PyErr_Occurred()) goto done;
            ox = ca * x + cc * y + ce;
            oy = cb * x + cd * y + cf;
        }
        double x0, x1, y0, y1;
        if (plain) {
            x0 = ox; x1 = a * adv + ox; y0 = d * y_low + oy; y1 = d * y_high + oy;
        } else {
            double xs[4] = {c * y_low + ox, a * adv + c * y_low + ox, a * adv + c * y_high + ox,
                            c * y_high + ox};
            double ys[4] = {d * y_low + oy, b * adv + d * y_low + oy, b * adv + d * y_high + oy,
                            d * y_high + oy};
            x0 = min4(xs, 4); x1 = max4(xs, 4); y0 = min4(ys, 4); y1 = max4(ys, 4);
        }
        const double top = (p->height - y1) + p->mb_top;
        PyObject *obj = NEW_DICT(21);
        if (!obj) goto done;
        PyObject *matrix_out = PyTuple_New(6), *height = PyFloat_FromDouble(y1 - y0);
        if (matrix_out) {
            for (int k = 0; k < 4; k++) PyTuple_SET_ITEM(matrix_out, k, Py_NewRef(shared[k]));
            PyObject *fx = PyFloat_FromDouble(ox), *fy = PyFloat_FromDouble(oy);
            PyTuple_SET_ITEM(matrix_out, 4, fx);
            PyTuple_SET_ITEM(matrix_out, 5, fy);
            if (!fx || !fy) Py_CLEAR(matrix_out);
            untracked(matrix_out);
        }
        if (!matrix_out || !height) {
            Py_XDECREF(matrix_out);
            Py_XDECREF(height);
            Py_DECREF(obj);
            goto done;
        }
        PyObject *text = unicode >= 0 ? PyUnicode_FromOrdinal((int)unicode)
                                      : PyUnicode_FromFormat("(cid:%lld)", -unicode - 1);
        if (put(obj, K_MATRIX, matrix_out) < 0 || put_borrowed(obj, K_FONTNAME, name) < 0
            || put_float(obj, K_ADV, adv) < 0 || put_borrowed(obj, K_UPRIGHT, upright) < 0
            || put_float(obj, K_X0, p->shift != 0 ? x0 + p->shift : x0) < 0 || put_float(obj, K_Y0, y0) < 0
            || put_float(obj, K_X1, p->shift != 0 ? x1 + p->shift : x1) < 0 || put_float(obj, K_Y1, y1) < 0
            || put_float(obj, K_WIDTH, x1 - x0) < 0 || put_borrowed(obj, K_HEIGHT, height) < 0
            || put(obj, K_SIZE, height) < 0 || put_borrowed(obj, K_MCID, Py_None) < 0
            || put_borrowed(obj, K_TAG, Py_None) < 0 || put_borrowed(obj, K_OBJECT_TYPE, char_type) < 0
            || put_borrowed(obj, K_PAGE_NUMBER, p->number) < 0 || put(obj, K_TEXT, text) < 0
            || put_borrowed(obj, K_STROKING, stroking) < 0 || put_borrowed(obj, K_NON_STROKING, non_stroking) < 0
            || put_float(obj, K_TOP, top) < 0 || put_float(obj, K_BOTTOM, (p->height - y0) + p->mb_top) < 0
            || put_float(obj, K_DOCTOP, p->doctop + top) < 0 || PyList_Append(out, obj) < 0) {
            Py_DECREF(obj);
            goto done;
        }
        Py_DECREF(obj);
    }
    status = 0;
done:
    Py_DECREF(upright);
    for (int k = 0; k < 4; k++) Py_XDECREF(shared[k]);
    Py_XDECREF(name);
    Py_XDECREF(descent_obj);
    Py_XDECREF(widths);
    return status;
}

/* emit(out, place, matrix, font, size, colors, glyphs) */
static PyObject *py_emit(PyObject *self, PyObject *args) {
    PyObject *out, *place, *matrix_obj, *font, *colors, *glyphs;
    double size, matrix[6];
    Place p;
    if (!PyArg_ParseTuple(args, "O!O!OOdO!O!", &PyList_Type, &out, &PyTuple_Type, &place, &matrix_obj,
                          &font, &size, &PyTuple_Type, &colors, &PyList_Type, &glyphs))
        return NULL;
    if (read_place(place, &p) < 0 || as_doubles(matrix_obj, matrix, 6, "matrix") < 0) return NULL;
    if (PyTuple_GET_SIZE(colors) != 2) return PyErr_Format(PyExc_TypeError, "colors: a pair expected");
    if (emit(out, &p, matrix, font, size, PyTuple_GET_ITEM(colors, 0), PyTuple_GET_ITEM(colors, 1),
             glyphs, NULL) < 0)
        return NULL;
    Py_RETURN_NONE;
}

/* _PageReader._text_chars' loop: text_chars(textpage, kept, spaced, decimals) */
static PyObject *py_text_chars(PyObject *self, PyObject *args) {
    unsigned long long address;
    PyObject *kept, *spaced, *decimals;
    if (!PyArg_ParseTuple(args, "KO!O!O!", &address, &PyDict_Type, &kept, &PySet_Type, &spaced,
                          &PyDict_Type, &decimals))
        return NULL;
    if (!bound) return PyErr_Format(PyExc_RuntimeError, "bind() PDFium's functions first");
    H textpage = (H)(uintptr_t)address;
    double x = 0.0, y = 0.0;  /* kept between characters, as the Python code's c_doubles are */
    int n = CountChars(textpage);
    for (int i = 0; i < n; i++) {
        unsigned u = GetUnicode(textpage, i);
        if ((u == 0x20 || u == 0x0D || u == 0x0A) && IsGenerated(textpage, i) == 1) continue;
        H owner_handle = GetTextObject(textpage, i);
        long long unicode = u;
        if (u == 0x2 && IsHyphen(textpage, i)) unicode = 0x2D;
        else if (HasUnicodeMapError(textpage, i) == 1) unicode = -unicode - 1;
        GetCharOrigin(textpage, i, &x, &y);
        PyObject *owner = PyLong_FromVoidPtr(owner_handle);
        PyObject *code = PyLong_FromLongLong(unicode);
        PyObject *dx = decimal(decimals, x);
        PyObject *dy = dx ? decimal(decimals, y) : NULL;
        PyObject *glyph = NULL;
        if (owner && code && dx && dy) {
            glyph = PyTuple_New(5);
            if (glyph) {
                PyObject *zero_u = PyFloat_FromDouble(0.0), *zero_v = PyFloat_FromDouble(0.0);
                Py_INCREF(code);
                PyTuple_SET_ITEM(glyph, 0, code);
                PyTuple_SET_ITEM(glyph, 1, zero_u);
                PyTuple_SET_ITEM(glyph, 2, zero_v);
                PyTuple_SET_ITEM(glyph, 3, dx);
                PyTuple_SET_ITEM(glyph, 4, dy);
                dx = dy = NULL;
                if (!zero_u || !zero_v) Py_CLEAR(glyph);
                untracked(glyph);
            }
        }
        int failed = glyph == NULL;
        if (!failed) {
            PyObject *list = PyDict_GetItemWithError(kept, owner);
            if (list) failed = PyList_Append(list, glyph) < 0;
            else if (PyErr_Occurred()) failed = 1;
            else {
                list = PyList_New(1);
                if (!list) failed = 1;
                else {
                    Py_INCREF(glyph);
                    PyList_SET_ITEM(list, 0, glyph);
                    failed = PyDict_SetItem(kept, owner, list) < 0;
                    Py_DECREF(list);
                }
            }
            if (!failed && unicode == 0x20) failed = PySet_Add(spaced, owner) < 0;
        }
        Py_XDECREF(glyph);
        Py_XDECREF(owner);
        Py_XDECREF(code);
        Py_XDECREF(dx);
        Py_XDECREF(dy);
        if (failed) return NULL;
    }
    Py_RETURN_NONE;
}

/* -- a page's objects ---------------------------------------------------------------- */

/* What _PageReader holds while it reads a page's objects */
typedef struct {
    PyObject *reader, *kept, *spaced, *fonts, *decimals, *matrices, *colors, *color_pairs;
    PyObject *chars, *rects, *lines, *curves, *images, *deferred;
    PyObject *blanks;  /* pdfium_page._Blanks, borrowed */
    Place place;
    double flip;
    long count;  /* text objects met: the index of the next */
    float scratch;  /* _PageReader._float: the font size, or a stroke width */
    float px, py;  /* _PageReader._x, _y: a segment's point */
} Reader;

static int read_matrix(Reader *r, H obj, double out[6]);

/* _PageReader._color: PDFium's RGB as grey (v,) when r = g = b, else (r, g, b) */
static PyObject *color_of(Reader *r, const unsigned rgba[4]) {
    PyObject *key = PyBytes_FromStringAndSize((const char *)rgba, 12);
    if (!key) return NULL;
    PyObject *color = PyDict_GetItemWithError(r->colors, key);
    if (color) {
        Py_INCREF(color);
    } else if (!PyErr_Occurred()) {
        if (rgba[0] == rgba[1] && rgba[1] == rgba[2])
            color = untracked(Py_BuildValue("(d)", (double)rgba[0] / 255));
        else
            color = untracked(Py_BuildValue("(ddd)", (double)rgba[0] / 255, (double)rgba[1] / 255,
                                            (double)rgba[2] / 255));
        if (color && PyDict_SetItem(r->colors, key, color) < 0) Py_CLEAR(color);
    }
    Py_DECREF(key);
    return color;
}

/* _PageReader._colors: the object's (stroking, non-stroking) colours */
static PyObject *colors_of(Reader *r, H obj) {
    unsigned pair[8];
    if (GetStrokeColor(obj, &pair[0], &pair[1], &pair[2], &pair[3])
        && GetFillColor(obj, &pair[4], &pair[5], &pair[6], &pair[7])) {
        PyObject *key = PyBytes_FromStringAndSize((const char *)pair, sizeof pair);
        if (!key) return NULL;
        PyObject *colors = PyDict_GetItemWithError(r->color_pairs, key);
        if (colors) {
            Py_INCREF(colors);
        } else if (!PyErr_Occurred()) {
            PyObject *stroking = color_of(r, pair), *non_stroking = stroking ? color_of(r, pair + 4) : NULL;
            colors = non_stroking ? untracked(PyTuple_Pack(2, stroking, non_stroking)) : NULL;
            Py_XDECREF(stroking);
            Py_XDECREF(non_stroking);
            if (colors && PyDict_SetItem(r->color_pairs, key, colors) < 0) Py_CLEAR(colors);
        }
        Py_DECREF(key);
        return colors;
    }
    unsigned rgba[4];
    PyObject *stroking = Py_None, *non_stroking = Py_None;
    Py_INCREF(Py_None);
    Py_INCREF(Py_None);
    if (GetStrokeColor(obj, &rgba[0], &rgba[1], &rgba[2], &rgba[3])) {
        Py_DECREF(stroking);
        stroking = color_of(r, rgba);
    }
    if (stroking && GetFillColor(obj, &rgba[0], &rgba[1], &rgba[2], &rgba[3])) {
        Py_DECREF(non_stroking);
        non_stroking = color_of(r, rgba);
    }
    PyObject *colors = stroking && non_stroking ? untracked(PyTuple_Pack(2, stroking, non_stroking)) : NULL;
    Py_XDECREF(stroking);
    Py_XDECREF(non_stroking);
    return colors;
}

/* the decimals of a matrix PDFium gives as float32, in the order a, b, …, f */
static PyObject *decimal_matrix(Reader *r, const FSMatrix *fm, double out[6]) {
    const float v[6] = {fm->a, fm->b, fm->c, fm->d, fm->e, fm->f};
    PyObject *t = PyTuple_New(6);
    if (!t) return NULL;
    for (int i = 0; i < 6; i++) {
        PyObject *d = decimal(r->decimals, (double)v[i]);
        if (!d) { Py_DECREF(t); return NULL; }
        out[i] = PyFloat_AS_DOUBLE(d);
        PyTuple_SET_ITEM(t, i, d);
    }
    return t;
}

static const double IDENTITY[6] = {1.0, 0.0, 0.0, 1.0, 0.0, 0.0};

/* _PageReader._object_matrix: remembered by its bytes in reader.matrices */
static int read_matrix(Reader *r, H obj, double out[6]) {
    FSMatrix fm;
    if (!GetMatrix(obj, &fm)) {
        memcpy(out, IDENTITY, sizeof IDENTITY);
        return 0;
    }
    PyObject *key = PyBytes_FromStringAndSize((const char *)&fm, sizeof fm);
    if (!key) return -1;
    PyObject *matrix = PyDict_GetItemWithError(r->matrices, key);
    int status = 0;
    if (matrix) {
        status = as_doubles(matrix, out, 6, "matrix");
    } else if (PyErr_Occurred()) {
        status = -1;
    } else {
        matrix = decimal_matrix(r, &fm, out);
        status = matrix && PyDict_SetItem(r->matrices, key, matrix) == 0 ? 0 : -1;
        Py_XDECREF(matrix);
    }
    Py_DECREF(key);
    return status;
}

/* _PageReader._extent: the object's glyph box in text space (left, right, height) and its
 * drawn width */
static void extent(Reader *r, H obj, const double own[6], double *right_out, double *height_out,
                   double *drawn_out, int *failed) {
    float fl, fb, fr, ft;
    *right_out = *height_out = *drawn_out = 0.0;
    if (!GetBounds(obj, &fl, &fb, &fr, &ft)) return;
    double left = fl, bottom = fb, right = fr, top = ft;
    const double drawn_width = right - left;
    *drawn_out = drawn_width;
    const int mode = TextObjGetRenderMode(obj);
    if (mode == 1 || mode == 2 || mode == 5 || mode == 6) {  /* bounds grown by half the line */
        double width = 0.0;
        if (GetStrokeWidth(obj, &r->scratch)) {
            PyObject *d = decimal(r->decimals, (double)r->scratch);
            if (!d) { *failed = 1; return; }
            width = PyFloat_AS_DOUBLE(d);
            Py_DECREF(d);
        }
        const double half = width / 2;
        left = left + half; bottom = bottom + half; right = right - half; top = top - half;
    }
    const double a = own[0], bb = own[1], c = own[2], d = own[3], e = own[4], f = own[5];
    const double det = a * d - bb * c;
    if (det == 0) return;
    const double xs[4] = {left - e, left - e, right - e, right - e};
    const double ys[4] = {bottom - f, top - f, bottom - f, top - f};
    double us[4], vs[4];
    for (int i = 0; i < 4; i++) {
        us[i] = (d * xs[i] - c * ys[i]) / det;
        vs[i] = (a * ys[i] - bb * xs[i]) / det;
    }
    *right_out = max4(us, 4);
    *height_out = max4(vs, 4) - min4(vs, 4);
}

/* _PageReader._plan for a text object none of whose glyphs PDFium's text page kept (one
 * blank, or a run of them): its place among the deferred objects, as a _Blanks; nothing
 * where _plan makes a plan without slots (such an object draws nothing) */
static int blank_object(Reader *r, H obj, const double own[6], const double matrix[6], PyObject *font,
                        PyObject *size_obj, PyObject *colors, long index) {
    const double a = matrix[0], b = matrix[1], c = matrix[2], d = matrix[3];
    const double det = a * d - b * c, signed_size = PyFloat_AS_DOUBLE(size_obj);
    if (det == 0 || signed_size == 0) return 0;
    const double size = fabs(signed_size);
    PyObject *widths = PyObject_GetAttr(font, KEY[K_WIDTHS]), *code = PyLong_FromLong(0x20);
    PyObject *w = widths && code ? width_of(font, widths, code, 0x20, r->decimals) : NULL;
    Py_XDECREF(widths);
    Py_XDECREF(code);
    if (!w) return -1;
    int truthy = PyObject_IsTrue(w);
    double width = truthy > 0 ? PyFloat_AsDouble(w) : 500.0;
    Py_DECREF(w);
    if (truthy < 0 || (width == -1.0 && PyErr_Occurred())) return -1;
    double space = width * size / 1000;
    if (space == 0) space = size / 2;
    double right, height, drawn_width;
    int failed = 0;
    extent(r, obj, own, &right, &height, &drawn_width, &failed);
    if (failed) return -1;
    double end;
    if (drawn_width < 0.01) end = 0.0;  /* one glyph with no width (a blank): PDFium skipped it */
    else if (height < 0.01) end = right;  /* blanks only, all cut as following a space */
    else return 0;  /* a copy of the object before it: left out */
    PyObject *matrix_obj = tuple_of(matrix, 6);
    PyObject *blanks = matrix_obj ? PyObject_CallFunction(r->blanks, "OOOOdd", matrix_obj, font, size_obj,
                                                          colors, end, space) : NULL;
    Py_XDECREF(matrix_obj);
    if (!blanks) return -1;
    PyObject *entry = Py_BuildValue("(nlOO)", PyList_GET_SIZE(r->chars), index, blanks, blanks);
    Py_DECREF(blanks);
    if (!entry) return -1;
    int status = PyList_Append(r->deferred, entry);
    Py_DECREF(entry);
    return status;
}

/* _PageReader._text_object: a text object's characters (the usual case here; the rest is
 * handed to reader._planned_text) */
static int text_object(Reader *r, H obj, const double *form) {
    TextObjGetFontSize(obj, &r->scratch);
    PyObject *font_key = PyLong_FromVoidPtr(TextObjGetFont(obj));
    if (!font_key) return -1;
    PyObject *font = PyDict_GetItemWithError(r->fonts, font_key);
    if (font) Py_INCREF(font);
    else if (!PyErr_Occurred()) font = PyObject_CallMethod(r->reader, "_font_for", "O", font_key);
    Py_DECREF(font_key);
    if (!font) return -1;
    double own[6], matrix[6];
    PyObject *own_obj = NULL, *colors = NULL, *size_obj = NULL, *handle = NULL;
    int status = -1;
    FSMatrix fm;
    if (GetMatrix(obj, &fm)) {
        own_obj = decimal_matrix(r, &fm, own);
    } else {
        memcpy(own, IDENTITY, sizeof IDENTITY);
        own_obj = tuple_of(IDENTITY, 6);
    }
    if (!own_obj) goto done;
    colors = colors_of(r, obj);
    if (!colors) goto done;
    if (form) multiply(own, form, matrix);
    else memcpy(matrix, own, sizeof own);
    size_obj = decimal(r->decimals, (double)r->scratch);
    if (!size_obj) goto done;
    const double size = PyFloat_AS_DOUBLE(size_obj);
    const long index = r->count++;
    handle = PyLong_FromVoidPtr(obj);
    if (!handle) goto done;
    PyObject *kept = PyDict_GetItemWithError(r->kept, handle);  /* borrowed */
    if (!kept && PyErr_Occurred()) goto done;
    if (!kept) {
        status = blank_object(r, obj, own, matrix, font, size_obj, colors, index);
        goto done;
    }
    const int spaced = PySet_Contains(r->spaced, handle);
    if (spaced < 0) goto done;
    if (!spaced && PyList_Check(kept) && PyList_GET_SIZE(kept)) {
        const double a = matrix[0], b = matrix[1], c = matrix[2], d = matrix[3], e = matrix[4], f = matrix[5];
        const double det = a * d - b * c;
        if (det != 0 && size != 0) {
            PyObject *first = PyList_GET_ITEM(kept, 0);
            double x = PyFloat_AsDouble(PyTuple_GetItem(first, 3));
            double y = PyFloat_AsDouble(PyTuple_GetItem(first, 4));
            if (PyErr_Occurred()) goto done;
            if ((d * (x - e) - c * (y - f)) / det <= 0.05 * fabs(size)) {
                status = emit(r->chars, &r->place, matrix, font, size, PyTuple_GET_ITEM(colors, 0),
                              PyTuple_GET_ITEM(colors, 1), kept, r->decimals);
                goto done;
            }
        }
    }
    PyObject *matrix_obj = form ? tuple_of(matrix, 6) : (Py_INCREF(own_obj), own_obj);
    if (!matrix_obj) goto done;
    PyObject *result = PyObject_CallMethod(r->reader, "_planned_text", "OOOOOOl", handle, matrix_obj,
                                           own_obj, font, size_obj, colors, index);
    Py_DECREF(matrix_obj);
    if (result) {
        Py_DECREF(result);
        status = 0;
    }
done:
    Py_DECREF(font);
    Py_XDECREF(own_obj);
    Py_XDECREF(colors);
    Py_XDECREF(size_obj);
    Py_XDECREF(handle);
    return status;
}

/* the points of a path's operators: pdfminer's letters, and where each ends */
typedef struct {
    char *shape;
    double *xs, *ys;
    char *closing;  /* 1 where the operator is a closepath (no point) */
    Py_ssize_t n, size;
} Ops;

static int ops_add(Ops *o, char letter, double x, double y, int closing) {
    if (o->n == o->size) {
        Py_ssize_t size = o->size ? 2 * o->size : 64;
        char *shape = PyMem_Realloc(o->shape, size + 1);
        if (shape) o->shape = shape;
        double *xs = PyMem_Realloc(o->xs, size * sizeof(double));
        if (xs) o->xs = xs;
        double *ys = PyMem_Realloc(o->ys, size * sizeof(double));
        if (ys) o->ys = ys;
        char *closing_ = PyMem_Realloc(o->closing, size);
        if (closing_) o->closing = closing_;
        if (!shape || !xs || !ys || !closing_) { PyErr_NoMemory(); return -1; }
        o->size = size;
    }
    o->shape[o->n] = letter;
    o->xs[o->n] = x;
    o->ys[o->n] = y;
    o->closing[o->n] = (char)closing;
    o->n++;
    o->shape[o->n] = '\0';
    return 0;
}

static void ops_free(Ops *o) {
    PyMem_Free(o->shape);
    PyMem_Free(o->xs);
    PyMem_Free(o->ys);
    PyMem_Free(o->closing);
}

static int same_point(double x0, double y0, double x1, double y1) { return x0 == x1 && y0 == y1; }

/* _PageReader._subpath: pdfminer's paint_path for one subpath (operators start … start + n) */
static int subpath(Reader *r, const Ops *o, Py_ssize_t start, Py_ssize_t n, const double m[6],
                   PyObject *attrs) {
    const double a = m[0], b = m[1], c = m[2], d = m[3], e = m[4], f = m[5];
    double *xs = PyMem_Malloc(n * sizeof(double)), *ys = PyMem_Malloc(n * sizeof(double));
    char *shape = PyMem_Malloc(n + 1);
    int status = -1;
    PyObject *obj = NULL;
    if (!xs || !ys || !shape) { PyErr_NoMemory(); goto done; }
    memcpy(shape, o->shape + start, n);
    shape[n] = '\0';
    Py_ssize_t k = 0;
    const double fx = a * o->xs[start] + c * o->ys[start] + e;
    const double fy = b * o->xs[start] + d * o->ys[start] + f;
    xs[k] = fx; ys[k] = fy; k++;
    for (Py_ssize_t i = start + 1; i < start + n; i++) {
        if (o->closing[i]) { xs[k] = fx; ys[k] = fy; }
        else {
            xs[k] = a * o->xs[i] + c * o->ys[i] + e;
            ys[k] = b * o->xs[i] + d * o->ys[i] + f;
        }
        k++;
    }
    Py_ssize_t len = n;
    if (len > 3 && shape[len - 2] == 'l' && shape[len - 1] == 'h'
        && same_point(xs[k - 2], ys[k - 2], xs[0], ys[0])) {
        shape[len - 2] = 'h';
        shape[--len] = '\0';
        k--;
    }
    int kind = K_CURVE;
    if (!strcmp(shape, "mlh") || !strcmp(shape, "ml")) {
        kind = K_LINE;
        k = 2;
    } else if (!strcmp(shape, "mlllh") || !strcmp(shape, "mllll")) {
        const double x0 = xs[0], y0 = ys[0], x1 = xs[1], y1 = ys[1], x2 = xs[2], y2 = ys[2], x3 = xs[3],
                     y3 = ys[3];
        const int square = (x0 == x1 && y1 == y2 && x2 == x3 && y3 == y0)
                           || (y0 == y1 && x1 == x2 && y2 == y3 && x3 == x0);
        if (same_point(xs[0], ys[0], xs[4], ys[4]) && square) {
            kind = K_RECT;
            k = 4;
            xs[1] = x2; ys[1] = y0; xs[2] = x2; ys[2] = y2; xs[3] = x0; ys[3] = y2;
        }
    }
    const double x0 = min4(xs, (int)k), y0 = min4(ys, (int)k), x1 = max4(xs, (int)k), y1 = max4(ys, (int)k);
    const Place *p = &r->place;
    const double top = (p->height - y1) + p->mb_top;
    PyObject *pts = PyList_New(k);
    if (!pts) goto done;
    for (Py_ssize_t i = 0; i < k; i++) {
        PyObject *pt = untracked(Py_BuildValue("(dd)", p->shift + xs[i], r->flip - ys[i]));
        if (!pt) { Py_DECREF(pts); goto done; }
        PyList_SET_ITEM(pts, i, pt);
    }
    obj = PyDict_Copy(attrs);
    if (!obj || put(obj, K_PTS, pts) < 0 || put_float(obj, K_X0, p->shift != 0 ? x0 + p->shift : x0) < 0
        || put_float(obj, K_Y0, y0) < 0 || put_float(obj, K_X1, p->shift != 0 ? x1 + p->shift : x1) < 0
        || put_float(obj, K_Y1, y1) < 0 || put_float(obj, K_WIDTH, x1 - x0) < 0
        || put_float(obj, K_HEIGHT, y1 - y0) < 0 || put_borrowed(obj, K_OBJECT_TYPE, KEY[kind]) < 0
        || put_float(obj, K_TOP, top) < 0 || put_float(obj, K_BOTTOM, (p->height - y0) + p->mb_top) < 0
        || put_float(obj, K_DOCTOP, p->doctop + top) < 0)
        goto done;
    PyObject *list = kind == K_LINE ? r->lines : kind == K_RECT ? r->rects : r->curves;
    status = PyList_Append(list, obj);
done:
    Py_XDECREF(obj);
    PyMem_Free(xs);
    PyMem_Free(ys);
    PyMem_Free(shape);
    return status;
}

/* _PageReader._path: split the path into subpaths and class each as pdfminer does */
static int path(Reader *r, H obj, const double *form) {
    int fillmode = 0, stroke = 0;
    if (!GetDrawMode(obj, &fillmode, &stroke)) return 0;
    Ops o = {0};
    int status = -1, bezier = 0, started = 0;
    double sx = 0, sy = 0;
    PyObject *colors = NULL, *attrs = NULL;
    int n = CountSegments(obj);
    for (int i = 0; i < n; i++) {
        H segment = GetPathSegment(obj, i);
        SegmentGetPoint(segment, &r->px, &r->py);
        PyObject *dx = decimal(r->decimals, (double)r->px);
        PyObject *dy = dx ? decimal(r->decimals, (double)r->py) : NULL;
        if (!dy) { Py_XDECREF(dx); goto done; }
        const double x = PyFloat_AS_DOUBLE(dx), y = PyFloat_AS_DOUBLE(dy);
        Py_DECREF(dx);
        Py_DECREF(dy);
        const int kind = SegmentGetType(segment), closes = SegmentGetClose(segment);
        if (kind == SEG_MOVETO) {
            if (ops_add(&o, 'm', x, y, 0) < 0) goto done;
            sx = x; sy = y; started = 1;
        } else if (kind == SEG_BEZIERTO) {
            if (++bezier == 3) {  /* a curve ends at its third point */
                if (ops_add(&o, 'c', x, y, 0) < 0) goto done;
                bezier = 0;
            }
        } else if (!(closes && started && same_point(x, y, sx, sy))) {
            if (ops_add(&o, 'l', x, y, 0) < 0) goto done;  /* PDFium closes a path with a line to its start */
        }
        if (closes && ops_add(&o, 'h', 0, 0, 1) < 0) goto done;
    }
    if (o.n == 0 || o.shape[0] != 'm') { status = 0; goto done; }
    double own[6], m[6], placed[6];
    if (read_matrix(r, obj, own) < 0) goto done;
    if (form) {
        multiply(own, form, placed);
        multiply(placed, r->place.ctm, m);
    } else {
        multiply(own, r->place.ctm, m);
    }
    colors = colors_of(r, obj);
    if (!colors) goto done;
    PyObject *linewidth;
    if (GetStrokeWidth(obj, &r->scratch)) linewidth = decimal(r->decimals, (double)r->scratch);
    else linewidth = PyFloat_FromDouble(0.0);
    attrs = PyDict_New();
    if (!attrs || put(attrs, K_LINEWIDTH, linewidth) < 0
        || put(attrs, K_STROKE, PyBool_FromLong(stroke != 0)) < 0
        || put(attrs, K_FILL, PyBool_FromLong(fillmode != 0)) < 0
        || put(attrs, K_EVENODD, PyBool_FromLong(fillmode == FILL_ALTERNATE)) < 0
        || put_borrowed(attrs, K_STROKING, PyTuple_GET_ITEM(colors, 0)) < 0
        || put_borrowed(attrs, K_NON_STROKING, PyTuple_GET_ITEM(colors, 1)) < 0
        || put_borrowed(attrs, K_DASH, Py_None) < 0 || put_borrowed(attrs, K_MCID, Py_None) < 0
        || put_borrowed(attrs, K_TAG, Py_None) < 0 || put_borrowed(attrs, K_PAGE_NUMBER, r->place.number) < 0)
        goto done;
    Py_ssize_t moves = 0;
    for (Py_ssize_t i = 0; i < o.n; i++) moves += o.shape[i] == 'm';
    if (moves == 1) {
        status = subpath(r, &o, 0, o.n, m, attrs);
        goto done;
    }
    /* each match of m[^m]+ (a lone m is no subpath) */
    for (Py_ssize_t i = 0; i < o.n; i++) {
        if (o.shape[i] != 'm') continue;
        Py_ssize_t end = i + 1;
        while (end < o.n && o.shape[end] != 'm') end++;
        if (end - i > 1 && subpath(r, &o, i, end - i, m, attrs) < 0) goto done;
    }
    status = 0;
done:
    ops_free(&o);
    Py_XDECREF(colors);
    Py_XDECREF(attrs);
    return status;
}

static int walk(Reader *r, H obj, int kind, const double *form);

/* a form's objects, through its matrix */
static int form_objects(Reader *r, H obj, const double *form) {
    double own[6], inner[6];
    if (read_matrix(r, obj, own) < 0) return -1;
    multiply(own, form ? form : IDENTITY, inner);
    int n = FormCountObjects(obj);
    for (int i = 0; i < n; i++) {
        H child = FormGetObject(obj, (unsigned long)i);
        if (walk(r, child, GetType(child), inner) < 0) return -1;
    }
    return 0;
}

/* _PageReader._walk; form is NULL for the page's own objects (the Python code's _IDENTITY) */
static int walk(Reader *r, H obj, int kind, const double *form) {
    switch (kind) {
    case OBJ_TEXT: return text_object(r, obj, form);
    case OBJ_PATH: return path(r, obj, form);
    case OBJ_FORM: return form_objects(r, obj, form);
    case OBJ_IMAGE: {
        PyObject *handle = PyLong_FromVoidPtr(obj);
        PyObject *matrix = handle ? tuple_of(form ? form : IDENTITY, 6) : NULL;
        PyObject *image = matrix ? PyObject_CallMethod(r->reader, "_image_at", "OO", handle, matrix) : NULL;
        Py_XDECREF(handle);
        Py_XDECREF(matrix);
        if (!image) return -1;
        int status = PyList_Append(r->images, image);
        Py_DECREF(image);
        return status;
    }
    default: return 0;
    }
}

static PyObject *attr(PyObject *obj, const char *name, PyTypeObject *type) {
    PyObject *value = PyObject_GetAttrString(obj, name);
    if (value && type && !PyObject_TypeCheck(value, type)) {
        PyErr_Format(PyExc_TypeError, "reader.%s: %s expected", name, type->tp_name);
        Py_CLEAR(value);
    }
    return value;
}

/* read_objects(reader, page, blanks): _PageReader.read's walk over the page's objects (blanks:
 * the class of a blank text object's plan) */
static PyObject *py_read_objects(PyObject *self, PyObject *args) {
    PyObject *reader, *blanks, *result = NULL, *place = NULL, *objects = NULL, *count = NULL;
    unsigned long long address;
    if (!PyArg_ParseTuple(args, "OKO", &reader, &address, &blanks)) return NULL;
    if (!bound) return PyErr_Format(PyExc_RuntimeError, "bind() PDFium's functions first");
    Reader r = {0};
    r.reader = reader;
    r.blanks = blanks;
    if (!(r.kept = attr(reader, "kept", &PyDict_Type)) || !(r.spaced = attr(reader, "spaced", &PySet_Type))
        || !(r.fonts = attr(reader, "fonts", &PyDict_Type)) || !(r.decimals = attr(reader, "decimals", &PyDict_Type))
        || !(r.matrices = attr(reader, "matrices", &PyDict_Type))
        || !(r.colors = attr(reader, "colors", &PyDict_Type))
        || !(r.color_pairs = attr(reader, "color_pairs", &PyDict_Type))
        || !(objects = attr(reader, "objects", &PyDict_Type)) || !(place = attr(reader, "place", &PyTuple_Type))
        || !(count = attr(reader, "count", &PyLong_Type))
        || !(r.deferred = attr(reader, "deferred", &PyList_Type)))
        goto done;
    PyObject **lists[] = {&r.chars, &r.rects, &r.lines, &r.curves, &r.images};
    const int keys[] = {K_CHAR, K_RECT, K_LINE, K_CURVE, K_IMAGE};
    for (int i = 0; i < 5; i++) {
        *lists[i] = PyDict_GetItemWithError(objects, KEY[keys[i]]);  /* borrowed: objects lives on */
        if (!*lists[i] || !PyList_Check(*lists[i])) {
            if (!PyErr_Occurred()) PyErr_SetString(PyExc_TypeError, "reader.objects: lists expected");
            goto done;
        }
    }
    if (read_place(place, &r.place) < 0) goto done;
    r.flip = r.place.mb_top + r.place.height;
    r.count = PyLong_AsLong(count);
    if (r.count == -1 && PyErr_Occurred()) goto done;
    H page = (H)(uintptr_t)address;
    int n = CountObjects(page), failed = 0;
    for (int i = 0; i < n && !failed; i++) {
        H obj = GetObject(page, i);
        failed = walk(&r, obj, GetType(obj), NULL) < 0;
    }
    PyObject *counted = PyLong_FromLong(r.count);
    if (!counted) failed = 1;
    else {
        failed |= PyObject_SetAttrString(reader, "count", counted) < 0;
        Py_DECREF(counted);
    }
    if (!failed) result = Py_NewRef(Py_None);
done:
    Py_XDECREF(r.kept);
    Py_XDECREF(r.spaced);
    Py_XDECREF(r.fonts);
    Py_XDECREF(r.decimals);
    Py_XDECREF(r.matrices);
    Py_XDECREF(r.colors);
    Py_XDECREF(r.color_pairs);
    Py_XDECREF(r.deferred);
    Py_XDECREF(objects);
    Py_XDECREF(place);
    Py_XDECREF(count);
    return result;
}

/* middles(chars): pdf_cells.char_middles, each character's (x0 + x1) / 2 and (top + bottom) / 2,
 * as two buffers of doubles */
static PyObject *py_middles(PyObject *self, PyObject *chars) {
    if (!PyList_Check(chars)) return PyErr_Format(PyExc_TypeError, "chars: a list expected");
    const Py_ssize_t n = PyList_GET_SIZE(chars);
    PyObject *xs = PyBytes_FromStringAndSize(NULL, n * (Py_ssize_t)sizeof(double));
    PyObject *ys = PyBytes_FromStringAndSize(NULL, n * (Py_ssize_t)sizeof(double));
    if (!xs || !ys) goto failed;
    double *x = (double *)PyBytes_AS_STRING(xs), *y = (double *)PyBytes_AS_STRING(ys);
    const int keys[4] = {K_X0, K_X1, K_TOP, K_BOTTOM};
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *c = PyList_GET_ITEM(chars, i);
        double v[4];
        for (int k = 0; k < 4; k++) {
            PyObject *item = PyDict_Check(c) ? PyDict_GetItemWithError(c, KEY[keys[k]]) : NULL;
            if (!item) {
                if (!PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, KEY[keys[k]]);
                goto failed;
            }
            v[k] = PyFloat_AsDouble(item);
            if (v[k] == -1.0 && PyErr_Occurred()) goto failed;
        }
        x[i] = (v[0] + v[1]) / 2;
        y[i] = (v[2] + v[3]) / 2;
    }
    PyObject *result = PyTuple_Pack(2, xs, ys);
    Py_DECREF(xs);
    Py_DECREF(ys);
    return result;
failed:
    Py_XDECREF(xs);
    Py_XDECREF(ys);
    return NULL;
}

/* -- content streams: pdf_content.operators ------------------------------------------- */

static int is_white(unsigned char c) {
    return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}
/* a byte that is neither white nor a delimiter (pdf_content._REGULAR) */
static int is_regular(unsigned char c) { return !is_white(c) && !strchr("()<>[]{}/%", c); }
static int is_hex(unsigned char c) { return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'); }
static int hex_value(unsigned char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; }

/* pdf_content._literal: the literal string whose "(" ends at pos, unescaped (\r\n read as
 * \n afterwards); *next is where it ends */
static PyObject *literal(const unsigned char *d, Py_ssize_t n, Py_ssize_t pos, Py_ssize_t *next) {
    Py_ssize_t depth = 1, i = pos, end = n;
    while (depth) {
        Py_ssize_t k = i;
        while (k < n && d[k] != '(' && d[k] != ')' && d[k] != '\\') k++;
        if (k >= n) { i = end = n; break; }
        i = k + 1 + (d[k] == '\\');
        if (d[k] != '\\') depth += d[k] == '(' ? 1 : -1;
        end = k;
    }
    *next = i;
    if (end < pos) end = pos;
    unsigned char *out = PyMem_Malloc(end - pos + 1);
    if (!out) return PyErr_NoMemory();
    Py_ssize_t m = 0;
    for (Py_ssize_t k = pos; k < end; k++) {
        if (d[k] != '\\' || k + 1 >= end) { out[m++] = d[k]; continue; }
        unsigned char c = d[++k];
        if (c >= '0' && c <= '7') {  /* one to three octal digits */
            int value = c - '0', digits = 1;
            while (digits < 3 && k + 1 < end && d[k + 1] >= '0' && d[k + 1] <= '7') value = value * 8 + (d[++k] - '0'), digits++;
            out[m++] = (unsigned char)(value & 0xFF);
        } else if (c == '\r') {
            if (k + 1 < end && d[k + 1] == '\n') k++;  /* a line continued: nothing */
        } else if (c == '\n') {
        } else {
            out[m++] = c == 'n' ? '\n' : c == 'r' ? '\r' : c == 't' ? '\t' : c == 'b' ? '\b' : c == 'f' ? '\f' : c;
        }
    }
    Py_ssize_t w = 0;  /* \r\n as \n */
    for (Py_ssize_t k = 0; k < m; k++) {
        if (out[k] == '\r' && k + 1 < m && out[k + 1] == '\n') continue;
        out[w++] = out[k];
    }
    PyObject *result = PyBytes_FromStringAndSize((const char *)out, w);
    PyMem_Free(out);
    return result;
}

/* a keyword at p (after no regular byte, before none): its length, or 0 */
static Py_ssize_t keyword_at(const unsigned char *d, Py_ssize_t n, Py_ssize_t p, const char *word) {
    Py_ssize_t len = (Py_ssize_t)strlen(word);
    if (p + len > n || memcmp(d + p, word, len) != 0) return 0;
    if (p + len < n && is_regular(d[p + len])) return 0;
    return len;
}

static const char *const OPERATORS[] = {"Tj", "TJ", "Tf", "Do", "BI", "q", "Q", "'", "\"", NULL};

/* where an inline image's data ends: past "ID" and the "EI" after it (pdf_content's
 * _INLINE_IMAGE_DATA and _INLINE_IMAGE_END), else the stream's end */
static Py_ssize_t past_inline_image(const unsigned char *d, Py_ssize_t n, Py_ssize_t pos) {
    Py_ssize_t q = pos;
    for (; q + 2 < n; q++)
        if (d[q] == 'I' && d[q + 1] == 'D' && is_white(d[q + 2]) && (q == 0 || !is_regular(d[q - 1]))) break;
    if (q + 2 >= n) return n;
    for (Py_ssize_t r = q + 3; r + 2 < n; r++)
        if (is_white(d[r]) && d[r + 1] == 'E' && d[r + 2] == 'I' && (r + 3 >= n || !is_regular(d[r + 3])))
            return r + 3;
    return n;
}

/* operators(data): pdf_content.operators, as a list */
static PyObject *py_operators(PyObject *self, PyObject *arg) {
    Py_buffer view;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0) return NULL;
    const unsigned char *d = view.buf;
    const Py_ssize_t n = view.len;
    PyObject *out = PyList_New(0), *operands = PyList_New(0), *array = NULL;
    Py_ssize_t p = 0;
    if (!out || !operands) goto failed;
    while (p < n) {
        const unsigned char c = d[p];
        PyObject *string = NULL;
        if (c == '%') {
            while (p < n && d[p] != '\r' && d[p] != '\n') p++;
            continue;
        }
        if (c == '(') {
            string = literal(d, n, p + 1, &p);
            if (!string) goto failed;
        } else if (c == '<' && (p + 1 >= n || d[p + 1] != '<')) {
            Py_ssize_t k = p + 1, digits = 0;
            while (k < n && (is_hex(d[k]) || is_white(d[k]))) digits += is_hex(d[k++]);
            if (k >= n || d[k] != '>') { p++; continue; }
            string = PyBytes_FromStringAndSize(NULL, (digits + 1) / 2);
            if (!string) goto failed;
            unsigned char *bytes = (unsigned char *)PyBytes_AS_STRING(string);
            Py_ssize_t j = 0;
            for (Py_ssize_t h = p + 1; h < k; h++) {
                if (!is_hex(d[h])) continue;
                if (j % 2 == 0) bytes[j / 2] = (unsigned char)(hex_value(d[h]) << 4);
                else bytes[j / 2] |= (unsigned char)hex_value(d[h]);
                j++;
            }
            p = k + 1;
        } else if (c == '[') {
            Py_XSETREF(array, PyList_New(0));
            if (!array) goto failed;
            p++;
            continue;
        } else if (c == ']') {
            if (array && PyList_Append(operands, array) < 0) goto failed;
            Py_CLEAR(array);
            p++;
            continue;
        } else if (c == '/') {
            Py_ssize_t k = p + 1;
            while (k < n && is_regular(d[k])) k++;
            PyObject *name = PyUnicode_DecodeLatin1((const char *)d + p + 1, k - p - 1, NULL);
            if (!name || PyList_Append(operands, name) < 0) { Py_XDECREF(name); goto failed; }
            Py_DECREF(name);
            p = k;
            continue;
        } else {
            Py_ssize_t len = 0;
            int which = 0;
            if (p == 0 || !is_regular(d[p - 1]))
                for (; OPERATORS[which] && !(len = keyword_at(d, n, p, OPERATORS[which])); which++) {}
            if (!len) { p++; continue; }
            p += len;
            if (!strcmp(OPERATORS[which], "BI")) {
                p = past_inline_image(d, n, p);
            } else {
                PyObject *item = Py_BuildValue("(y#O)", OPERATORS[which], len, operands);
                if (!item || PyList_Append(out, item) < 0) { Py_XDECREF(item); goto failed; }
                Py_DECREF(item);
            }
            Py_SETREF(operands, PyList_New(0));
            Py_CLEAR(array);
            if (!operands) goto failed;
            continue;
        }
        /* a string: into the open array, else among the operands */
        int failed = PyList_Append(array ? array : operands, string) < 0;
        Py_DECREF(string);
        if (failed) goto failed;
    }
    Py_DECREF(operands);
    Py_XDECREF(array);
    PyBuffer_Release(&view);
    return out;
failed:
    Py_XDECREF(out);
    Py_XDECREF(operands);
    Py_XDECREF(array);
    PyBuffer_Release(&view);
    return NULL;
}

/* decimal(value): shortest_decimal, for the tests (a value finite as a float32) */
static PyObject *py_decimal(PyObject *self, PyObject *arg) {
    const double value = PyFloat_AsDouble(arg);
    if (value == -1.0 && PyErr_Occurred()) return NULL;
    if (!isfinite((float)value)) return PyErr_Format(PyExc_ValueError, "not a finite float32: %R", arg);
    return PyFloat_FromDouble(shortest_decimal(value));
}

/* bind(addresses): PDFium's functions, by address, in pdf_fast.FUNCTIONS' order */
static PyObject *py_bind(PyObject *self, PyObject *args) {
    PyObject *addresses;
    if (!PyArg_ParseTuple(args, "O!", &PyTuple_Type, &addresses)) return NULL;
    if (PyTuple_GET_SIZE(addresses) != N_BOUND)
        return PyErr_Format(PyExc_ValueError, "%zd addresses expected", N_BOUND);
    for (Py_ssize_t i = 0; i < N_BOUND; i++) {
        void *address = PyLong_AsVoidPtr(PyTuple_GET_ITEM(addresses, i));
        if (!address) {
            if (!PyErr_Occurred()) PyErr_Format(PyExc_ValueError, "address %zd is null", i);
            return NULL;
        }
        *BOUND[i] = address;
    }
    bound = 1;
    Py_RETURN_NONE;
}

static PyMethodDef METHODS[] = {
    {"bind", py_bind, METH_VARARGS, "bind(addresses): PDFium's functions, by address."},
    {"operators", py_operators, METH_O, "operators(data): pdf_content.operators, as a list."},
    {"middles", py_middles, METH_O, "middles(chars): pdf_cells.char_middles, as two buffers of doubles."},
    {"decimal", py_decimal, METH_O, "decimal(value): pdfium_page._decimal, for a finite float32."},
    {"text_chars", py_text_chars, METH_VARARGS,
     "text_chars(textpage, kept, spaced, decimals): _PageReader._text_chars' loop."},
    {"emit", py_emit, METH_VARARGS,
     "emit(out, place, matrix, font, size, colors, glyphs): _PageReader._emit."},
    {"read_objects", py_read_objects, METH_VARARGS,
     "read_objects(reader, page, blanks): _PageReader.read's walk over the page's objects."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef MODULE = {PyModuleDef_HEAD_INIT, "_pdfium_fast",
                                    "The PDF reader's per-glyph loops in C (see pdfium_page.py).", -1,
                                    METHODS};

PyMODINIT_FUNC PyInit__pdfium_fast(void) {
    for (int i = 0; i < N_KEYS; i++) {
        KEY[i] = PyUnicode_InternFromString(KEY_NAMES[i]);
        if (!KEY[i]) return NULL;
    }
    return PyModule_Create(&MODULE);
}
